// The booking form one question at a time on a narrow screen, and only the chosen channel's
// details on any screen. Without this file the form is one page and one POST and works the
// same; all this does is hide and show parts of it (the time step asks for the day first,
// then shows that day's times), ask for a step's answer before the next, keep the browser's
// back button inside the form, and show a review before the form's own POST. Its words come
// from the form's data-* texts.
(function () {
  'use strict';

  const form = document.querySelector('form.booking-form');
  if (!form || !window.matchMedia) return;

  // The same width as the stylesheet's wide layout (40rem) starts.
  const narrow = window.matchMedia('(max-width: 39.99rem)');
  const steps = Array.from(form.querySelectorAll('.step'));
  const review = form.querySelector('.step[data-step="review"]');
  const actions = form.querySelector('.actions');
  let current = 0;

  const words = (name) => form.dataset[name] || '';
  const checked = (name) => form.querySelector(`input[name="${name}"]:checked`);
  const chosen_channel = () => (checked('channel') ? checked('channel').value : '');
  const label_of = (input) => {
    const label = input && form.querySelector(`label[for="${input.id}"]`);
    return label ? label.textContent.replace(/\s+/g, ' ').trim() : '';
  };
  const stepping = () => form.classList.contains('stepping');

  function show_channel_details() {
    const channel = chosen_channel();
    form.querySelectorAll('[data-channel]').forEach((part) => {
      part.hidden = channel !== '' && part.dataset.channel !== channel;
    });
  }

  // ----- errors of a step, tied to their field like the server's -----

  function clear_errors(step) {
    step.querySelectorAll('.step-error').forEach((error) => {
      const field = document.getElementById(error.dataset.for);
      if (field) {
        field.removeAttribute('aria-invalid');
        const described = (field.getAttribute('aria-describedby') || '').split(' ').filter((id) => id && id !== error.id);
        if (described.length) field.setAttribute('aria-describedby', described.join(' '));
        else field.removeAttribute('aria-describedby');
      }
      error.remove();
    });
  }

  // Shows `message` above the field (a control, or a group of them) and returns what to focus.
  function show_error(field, name, message) {
    const is_control = field.matches('input, select, textarea');
    const error = document.createElement('p');
    error.className = 'field-error step-error';
    error.id = `${name}-step-error`;
    error.dataset.for = field.id;
    error.textContent = message;
    field.before(error);
    if (is_control) field.setAttribute('aria-invalid', 'true');
    const described = field.getAttribute('aria-describedby');
    field.setAttribute('aria-describedby', described ? `${described} ${error.id}` : error.id);
    return is_control ? field : field.querySelector('input:not([type="hidden"]), button');
  }

  // The first unanswered required question of a step, shown as an error; null when all are.
  function missing_answer(step) {
    const required = (name, field, answered) => (answered ? null : show_error(field, name, words(`required${name[0].toUpperCase()}${name.slice(1)}`)));
    switch (step.dataset.step) {
      case 'channel':
        return required('channel', document.getElementById('channel'), chosen_channel() !== '');
      case 'contact':
        if (chosen_channel() === 'phone') {
          const phone = document.getElementById('phone');
          return required('phone', phone, phone.value.trim() !== '');
        }
        if (chosen_channel() === 'video') {
          const link = document.getElementById('join_link');
          return required('platform', document.getElementById('platform'), checked('platform') !== null) ||
                 (checked('hosting')?.value === 'unit' ? null : required('join_link', link, link.value.trim() !== ''));
        }
        return null;
      case 'time': {
        const group = [day_picker, ...days].find((part) => part && !part.hidden);
        return group ? required('start', group, checked('start') !== null) : null;
      }
      default:
        return null;
    }
  }

  // ----- the review -----

  function add_review_row(list, question, answer, step_index) {
    const row = document.createElement('div');
    const term = document.createElement('dt');
    term.textContent = question;
    const value = document.createElement('dd');
    const text = document.createElement('span');
    text.className = 'review-answer';
    text.textContent = answer || words('unanswered');
    const change = document.createElement('button');
    change.type = 'button';
    change.className = 'button button-link';
    change.textContent = words('change');
    // "Change" alone is ambiguous to a screen reader going through the buttons.
    change.setAttribute('aria-label', `${words('change')}: ${question}`);
    change.addEventListener('click', () => go_to(step_index));
    value.append(text, ' ', change);
    row.append(term, value);
    list.append(row);
  }

  function build_review() {
    const list = review.querySelector('.review');
    list.replaceChildren();
    const index = (name) => steps.findIndex((step) => step.dataset.step === name);
    const legend = (id) => {
      const found = document.querySelector(`#${id} > legend`);
      return found ? found.textContent.replace(/\s+/g, ' ').trim() : '';
    };
    add_review_row(list, legend('channel'), label_of(checked('channel')), index('channel'));
    if (chosen_channel() === 'phone') {
      add_review_row(list, label_of(document.getElementById('phone')), document.getElementById('phone').value.trim(), index('contact'));
    } else if (chosen_channel() === 'video') {
      add_review_row(list, legend('platform'), label_of(checked('platform')), index('contact'));
      add_review_row(list, label_of(document.getElementById('join_link')), document.getElementById('join_link').value.trim(), index('contact'));
    }
    const interpreter = document.getElementById('interpreter');
    const dialect = document.getElementById('dialect');
    let spoken = label_of(checked('language'));
    if (dialect && dialect.value) spoken += `, ${dialect.options[dialect.selectedIndex].text}`;
    if (interpreter && interpreter.checked) spoken += ` – ${label_of(interpreter)}`;
    add_review_row(list, legend('language'), spoken, index('language'));
    const start = checked('start');
    const day = start && start.closest('fieldset.day').querySelector('legend');
    // The heading without its "3." (the review has no numbers).
    add_review_row(list, document.getElementById('start-heading').textContent.trim().replace(/^\d+\.\s*/, ''),
                   start ? `${day.textContent.trim()}, ${label_of(start)}` : '', index('time'));
    const topic = document.getElementById('topic');
    if (topic) add_review_row(list, label_of(topic), topic.value ? topic.options[topic.selectedIndex].text : '', index('about'));
    add_review_row(list, legend('parent_role'), label_of(checked('parent_role')), index('about'));
  }

  // ----- the time step: the day first, then that day's times -----

  const days = Array.from(form.querySelectorAll('.step[data-step="time"] fieldset.day'));
  // An error tied to a day needs the day's id to be taken back off it.
  days.forEach((day, index) => { if (!day.id) day.id = `start-day-${index}`; });
  let day_picker = null;
  let other_days = null;
  let shown_day = -1;

  function build_day_picker() {
    if (days.length < 2) return;
    day_picker = document.createElement('div');
    day_picker.className = 'day-picker';
    day_picker.id = 'start-days';
    day_picker.setAttribute('role', 'group');
    day_picker.setAttribute('aria-labelledby', 'start-heading');
    days.forEach((day, index) => {
      const button = document.createElement('button');
      button.type = 'button';
      button.className = 'day-button';
      button.textContent = day.querySelector('legend').textContent.trim();
      // Evenings are marked on the day too, for a parent who can only talk after work.
      const evening = day.querySelector('.tag');
      if (evening) button.append(' ', evening.cloneNode(true));
      button.addEventListener('click', () => { show_day(index, true); remember(); });
      day_picker.append(button);
    });
    days[0].before(day_picker);
    other_days = document.createElement('button');
    other_days.type = 'button';
    other_days.className = 'button button-secondary other-days';
    other_days.textContent = words('otherDays');
    other_days.addEventListener('click', () => { show_day(-1, true); remember(); });
    days[days.length - 1].after(other_days);
  }

  // Shows one day's times, or with -1 the list of days; on a wide screen, every day.
  function show_day(index, move_focus) {
    if (!day_picker) return;
    const picking = stepping() && index < 0;
    shown_day = picking ? -1 : index;
    day_picker.hidden = !picking;
    other_days.hidden = !stepping() || index < 0;
    days.forEach((day, i) => { day.hidden = stepping() && i !== index; });
    if (!move_focus) return;
    const focus = picking ? day_picker.querySelector('button') : days[index].querySelector('input');
    if (focus) focus.focus();
  }

  const chosen_day = () => (checked('start') ? days.indexOf(checked('start').closest('fieldset.day')) : -1);

  // ----- stepping -----

  // Each step (and each day) is an entry in the browser's history, so that a phone's back
  // button goes back one question instead of leaving the form.
  const remember = () => history.pushState({ step: current, day: shown_day }, '');
  window.addEventListener('popstate', (event) => {
    if (!stepping()) return;
    const state = event.state || { step: 0, day: -1 };
    show_step(state.step, true);
    if (steps[current].dataset.step === 'time') show_day(state.day, false);
  });

  function show_step(index, move_focus) {
    current = Math.max(0, Math.min(index, steps.length - 1));
    steps.forEach((step, i) => { step.hidden = i !== current; });
    const step = steps[current];
    if (step === review) build_review();
    if (step.dataset.step === 'time') show_day(chosen_day(), false);
    actions.hidden = step !== review;
    if (!move_focus) return;
    // Focus the step's own heading, so a screen reader reads where the parent now is.
    const heading = Array.from(step.querySelectorAll('h2, h3')).find((h) => !h.closest('[hidden]'));
    if (heading) {
      heading.tabIndex = -1;
      heading.focus();
    }
    window.scrollTo(0, form.offsetTop);
  }

  function next() {
    const step = steps[current];
    clear_errors(step);
    const problem = missing_answer(step);
    if (problem) {
      problem.focus();
      return;
    }
    show_step(current + 1, true);
    remember();
  }

  // A step the parent asked for with a button, as a new entry in the history.
  function go_to(index) {
    show_step(index, true);
    remember();
  }

  function add_navigation() {
    steps.forEach((step, index) => {
      const progress = document.createElement('p');
      progress.className = 'step-progress';
      progress.textContent = words('progress').replace('{number}', index + 1).replace('{total}', steps.length);
      step.prepend(progress);
      if (step === review) return;
      const nav = document.createElement('div');
      nav.className = 'step-nav';
      const forward = document.createElement('button');
      forward.type = 'button';
      forward.className = 'button step-next';
      forward.textContent = words('next');
      forward.addEventListener('click', next);
      nav.append(forward);
      if (index > 0) {
        const back = document.createElement('button');
        back.type = 'button';
        back.className = 'button button-secondary step-back';
        back.textContent = words('back');
        back.addEventListener('click', () => go_to(index - 1));
        nav.append(back);
      }
      step.append(nav);
    });
    const back = document.createElement('button');
    back.type = 'button';
    back.className = 'button button-secondary step-back';
    back.textContent = words('back');
    back.addEventListener('click', () => go_to(steps.indexOf(review) - 1));
    actions.append(back);
  }

  // After the server answered with errors (or the time was taken), begin at the first step
  // that needs the parent.
  function first_step_needing_attention() {
    const marked = form.querySelector('[aria-invalid="true"], .field-error');
    if (marked) return steps.findIndex((step) => step.contains(marked));
    if (document.querySelector('.notice-warning')) return steps.findIndex((step) => step.dataset.step === 'time');
    return 0;
  }

  function apply_layout() {
    if (narrow.matches) {
      const was_stepping = stepping();
      form.classList.add('stepping');
      show_step(was_stepping ? current : first_step_needing_attention(), false);
      history.replaceState({ step: current, day: chosen_day() }, '');
    } else {
      form.classList.remove('stepping');
      steps.forEach((step) => { step.hidden = step === review; });
      actions.hidden = false;
      steps.forEach(clear_errors);
      show_day(-1, false);
    }
  }

  // ----- the language: which times have an advisor who speaks it, and its dialects -----

  // The server marked the times for the language chosen when the page was made; this moves
  // the marks (words, not colour alone) and the hint naming the language when the parent
  // picks another one, and offers only the chosen language's dialects.
  function show_language_choices() {
    const language = checked('language');
    const code = language ? language.value : '';
    let marked = false;
    form.querySelectorAll('.time-choice[data-speakers]').forEach((time) => {
      const speaks = code !== '' && time.dataset.speakers.split(' ').includes(code);
      time.querySelector('.tag-speaker').hidden = !speaks;
      marked = marked || speaks;
    });
    const hint = document.getElementById('speaker-hint');
    if (hint) {
      hint.hidden = !marked;
      if (marked) hint.textContent = hint.dataset.template.replace('{language}', language.dataset.name);
    }
    const dialect = document.getElementById('dialect');
    if (!dialect) return;
    let has_dialects = false;
    dialect.querySelectorAll('optgroup').forEach((group) => {
      const own = group.dataset.language === code;
      group.hidden = !own;
      group.disabled = !own;
      has_dialects = has_dialects || own;
    });
    if (dialect.selectedOptions[0] && dialect.selectedOptions[0].parentElement.disabled) dialect.value = '';
    dialect.closest('.field-dialect').hidden = !has_dialects;
  }

  add_navigation();
  build_day_picker();
  show_language_choices();
  form.querySelectorAll('input[name="language"]').forEach((radio) => radio.addEventListener('change', show_language_choices));
  show_channel_details();
  form.querySelectorAll('input[name="channel"]').forEach((radio) => radio.addEventListener('change', show_channel_details));

  // Enter in a text field would send the whole form from the middle of it: go on instead.
  form.addEventListener('submit', (event) => {
    if (stepping() && steps[current] !== review) {
      event.preventDefault();
      next();
    }
  });

  // The error summary's links point into steps that may be hidden.
  document.querySelectorAll('.error-summary a[href^="#"]').forEach((link) => {
    link.addEventListener('click', (event) => {
      const target = document.getElementById(link.getAttribute('href').slice(1));
      if (!target || !stepping()) return;
      event.preventDefault();
      show_step(steps.findIndex((step) => step.contains(target)), false);
      (target.matches('input, select') ? target : target.querySelector('input, select') || target).focus();
    });
  });

  if (narrow.addEventListener) narrow.addEventListener('change', apply_layout);
  apply_layout();
}());
