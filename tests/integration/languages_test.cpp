// The language catalogue as parents meet it: the units answer, a dialect for the interpreter,
// the form's language list and the times marked where an advisor speaks the language.

#include <regex>

#include "integration/fixture.hpp"
#include "support/store_rows.hpp"

namespace samtal::testing {
namespace {

namespace json = boost::json;

class languages : public service_test {
protected:
    // The test unit's language from the units answer.
    json::object language_in_units(const std::string& query, const std::string& code,
                                   const std::map<std::string, std::string>& headers = {}) {
        auto answer = get("/api/v1/units" + query, headers);
        EXPECT_EQ(answer.status, 200);
        auto units = json::parse(answer.body);
        for (const auto& entry : units.at("units").at(0).at("language_details").as_array())
            if (entry.at("code") == code.c_str()) return entry.as_object();
        ADD_FAILURE() << code << " is not in " << answer.body;
        return {};
    }

    json::object somali_interpreter_booking(const std::string& start, const std::string& dialect) {
        auto booking = phone_booking(start);
        booking["language"] = "so";
        booking["interpreter"] = true;
        booking["dialect"] = dialect;
        return booking;
    }

    int stored_bookings() {
        return int(single_integer(service_.store().location(), "SELECT count(*) FROM bookings"));
    }

    // Whether the sentence above the times that explains the marks is hidden.
    static bool speaker_hint_hidden(const std::string& page) {
        std::smatch match;
        EXPECT_TRUE(std::regex_search(page, match, std::regex("<p id=\"speaker-hint\"[^>]*>")));
        return match.str().ends_with(" hidden>");
    }

    // Each offered time on a form page with whether it carries the visible speaker mark.
    static std::vector<bool> speaker_marks(const std::string& page) {
        std::vector<bool> marks;
        std::regex mark("<span class=\"tag tag-speaker\"( hidden)?>");
        for (std::sregex_iterator it(page.begin(), page.end(), mark), end; it != end; ++it)
            marks.push_back(!(*it)[1].matched);
        return marks;
    }
};

TEST_F(languages, the_units_answer_describes_each_language_in_the_asked_for_language) {
    auto somali = language_in_units("?lang=en", "so");
    EXPECT_EQ(somali.at("autonym"), "Soomaali");
    EXPECT_EQ(somali.at("name"), "Somali");
    EXPECT_EQ(somali.at("direction"), "ltr");
    const auto& dialects = somali.at("dialects").as_array();
    ASSERT_EQ(dialects.size(), 2u);
    EXPECT_EQ(dialects[1].at("code"), "maay");
    EXPECT_EQ(dialects[1].at("name"), "Maay (southern)");

    auto arabic = language_in_units("", "ar", {{"Accept-Language", "so"}});
    EXPECT_EQ(arabic.at("autonym"), "العربية");
    EXPECT_EQ(arabic.at("name"), "Af-Carabi");
    EXPECT_EQ(arabic.at("direction"), "rtl");
    EXPECT_EQ(arabic.at("dialects").as_array().size(), 6u);

    auto swedish = language_in_units("?lang=uk", "sv");
    EXPECT_EQ(swedish.at("name"), "Шведська");
    EXPECT_TRUE(swedish.at("dialects").as_array().empty());

    auto answer = get("/api/v1/units", {{"Accept-Language", "ar"}});
    EXPECT_EQ(json::parse(answer.body).at("locale"), "ar");
    EXPECT_EQ(answer.header("vary"), "Accept-Language");
    // The codes stay as they were for clients that know only them.
    EXPECT_EQ(json::parse(answer.body).at("units").at(0).at("languages").at(2), "so");
}

TEST_F(languages, a_dialect_for_the_interpreter_is_booked_and_shown) {
    auto times = free_times();
    ASSERT_FALSE(times.empty());
    auto created = post_json("/api/v1/bookings", somali_interpreter_booking(times[0], "maay"));
    ASSERT_EQ(created.status, 201) << created.body;
    auto body = json::parse(created.body);
    EXPECT_EQ(body.at("booking").at("dialect"), "maay");
    std::string code(body.at("code").as_string());
    auto viewed = get("/api/v1/bookings/self", {{"Authorization", "Bearer " + code}});
    EXPECT_EQ(json::parse(viewed.body).at("dialect"), "maay");

    auto page = post_form("/booking", "lang=sv&code=" + form_encoded(code));
    ASSERT_EQ(page.status, 200);
    EXPECT_NE(page.body.find("<dt>Dialekt</dt><dd>Maay (sydlig)</dd>"), std::string::npos);

    service_.stop();
    EXPECT_EQ(single_text(service_.store().location(), "SELECT dialect FROM bookings"), "maay");
}

TEST_F(languages, a_dialect_outside_the_languages_fixed_list_is_refused_and_changes_nothing) {
    auto times = free_times();
    ASSERT_FALSE(times.empty());
    struct case_t {
        std::string language;
        std::string dialect;
    } cases[] = {
        {"so", "levantine"},                 // Arabic's, not Somali's
        {"so", "Benadiri, from Mogadishu"},  // free text
        {"so", "MAAY"},
        {"", "maay"},    // no language
        {"en", "maay"},  // a language without dialects
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(c.language + "/" + c.dialect);
        auto booking = somali_interpreter_booking(times[0], c.dialect);
        booking["language"] = c.language;
        booking["interpreter"] = !c.language.empty();
        auto answer = post_json("/api/v1/bookings", booking, {{"Accept-Language", "en"}});
        ASSERT_EQ(answer.status, 422) << answer.body;
        auto errors = json::parse(answer.body).at("errors").as_array();
        ASSERT_EQ(errors.size(), 1u) << answer.body;
        EXPECT_EQ(errors[0].at("field"), "dialect");
        EXPECT_EQ(errors[0].at("code"), "invalid_choice");
        // The refusal never echoes what was sent.
        EXPECT_EQ(answer.body.find("Mogadishu"), std::string::npos);
    }
    service_.stop();
    EXPECT_EQ(stored_bookings(), 0);
}

TEST_F(languages, the_form_lists_languages_alphabetically_with_their_own_names_marked) {
    auto page = get("/?lang=sv");
    ASSERT_EQ(page.status, 200);
    const auto& html = page.body;
    // The name in the page language, then the autonym in its own language and direction.
    EXPECT_NE(html.find("Somaliska – <span lang=\"so\" dir=\"ltr\">Soomaali</span>"),
              std::string::npos);
    EXPECT_NE(html.find("Arabiska – <span lang=\"ar\" dir=\"rtl\">العربية</span>"),
              std::string::npos);
    // A language named the same in both is named once.
    EXPECT_EQ(html.find("<span lang=\"sv\""), std::string::npos);
    std::vector<std::string> order;
    std::regex radio("id=\"language-([a-z]+)\" name=\"language\"");
    for (std::sregex_iterator it(html.begin(), html.end(), radio), end; it != end; ++it)
        order.push_back((*it)[1]);
    EXPECT_EQ(order, (std::vector<std::string>{"ar", "en", "so", "sv"}));
    // Until the parent chooses, they would talk in the page language.
    EXPECT_NE(html.find("id=\"language-sv\" name=\"language\" value=\"sv\" data-name=\"Svenska\" "
                        "checked"),
              std::string::npos);

    // On the Somali page the names are Somali, in Somali order.
    auto somali = get("/?lang=so").body;
    order.clear();
    for (std::sregex_iterator it(somali.begin(), somali.end(), radio), end; it != end; ++it)
        order.push_back((*it)[1]);
    EXPECT_EQ(order, (std::vector<std::string>{"ar", "en", "sv", "so"}));  // Carabi, Ingiriis, ...
    // Only the chosen language's dialects, for the interpreter, from a fixed list.
    EXPECT_NE(somali.find("<optgroup label=\"Af-Soomaali\" data-language=\"so\">"),
              std::string::npos);
    EXPECT_NE(somali.find("<option value=\"maay\">Af-Maay (koonfur)</option>"), std::string::npos);
}

TEST_F(languages, times_with_an_advisor_who_speaks_the_language_say_so_in_words) {
    // Amina speaks Somali and works every weekday morning; Erik does not. Every time of the
    // fortnight has Amina or Erik free, and only Amina's are marked.
    auto somali = get("/?lang=so").body;
    auto marks = speaker_marks(somali);
    ASSERT_FALSE(marks.empty());
    EXPECT_NE(std::count(marks.begin(), marks.end(), true), 0);
    auto availability = json::parse(
        get("/api/v1/availability?unit=test-unit&language=so&to=" + fortnight_from_now()).body);
    auto api_marked = 0;
    for (const auto& time : availability.at("times").as_array())
        api_marked += time.at("speaks_language").as_bool() ? 1 : 0;
    EXPECT_EQ(std::count(marks.begin(), marks.end(), true), api_marked);
    EXPECT_FALSE(speaker_hint_hidden(somali));
    EXPECT_NE(somali.find(">Af-Soomaali: waqtiyada"), std::string::npos);

    // Every advisor speaks Swedish, so on the Swedish page nothing is marked.
    auto swedish = get("/?lang=sv").body;
    marks = speaker_marks(swedish);
    ASSERT_FALSE(marks.empty());
    EXPECT_EQ(std::count(marks.begin(), marks.end(), true), 0);
    EXPECT_TRUE(speaker_hint_hidden(swedish));
}

TEST_F(languages, the_form_refuses_another_languages_dialect_next_to_the_field) {
    auto start = free_times().at(0);
    auto body = "lang=en&unit=test-unit&channel=phone&phone=070-123%2045%2067&start=" +
                form_encoded(start) + "&language=so&interpreter=yes&dialect=";
    auto refused = post_form("/book", body + "levantine");
    ASSERT_EQ(refused.status, 422);
    EXPECT_NE(refused.body.find("href=\"#dialect\""), std::string::npos);
    EXPECT_NE(refused.body.find("id=\"dialect-error\""), std::string::npos);
    EXPECT_NE(refused.body.find("Choose a dialect of the language you chose"), std::string::npos);
    EXPECT_EQ(free_times().at(0), start);

    auto booked = post_form("/book", body + "maay");
    ASSERT_EQ(booked.status, 200) << booked.body.substr(0, 2000);
    EXPECT_NE(booked.body.find("<dt>Dialect</dt><dd>Maay (southern)</dd>"), std::string::npos);
}

}  // namespace
}  // namespace samtal::testing
