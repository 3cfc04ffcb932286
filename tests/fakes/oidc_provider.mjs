// A real OpenID provider for the staff sign-in tests: oidc-provider (a certified
// implementation) on a loopback port, with fresh signing keys, static clients and test people.
//
//   node oidc_provider.mjs PORT REDIRECT_URI CLIENT_SECRET
//
// Clients: "samtal-staff" (ID tokens signed RS256, client_secret_basic) and "samtal-staff-es"
// (ES256, client_secret_post), both with REDIRECT_URI and CLIENT_SECRET, PKCE S256 required.
// There is no login form: the interaction signs in the person named by the authorization
// request's login_hint (or "coordinator") and consents to what the client asked for, so that a
// test follows the redirects without a browser and gets a real code.
import http from 'node:http';
import { randomUUID } from 'node:crypto';
import * as jose from 'jose';
import Provider from 'oidc-provider';

const [port, redirectUri, clientSecret] = process.argv.slice(2);
if (!port || !redirectUri || !clientSecret) {
  console.error('usage: oidc_provider.mjs PORT REDIRECT_URI CLIENT_SECRET');
  process.exit(2);
}
const issuer = `http://127.0.0.1:${port}`;

// The test people: the claims an identity provider holds about them.
const people = {
  coordinator: { email: 'anna.coordinator@example.org', email_verified: true,
                 preferred_username: 'anna', name: 'Anna Coordinator' },
  stranger: { email: 'someone.else@example.org', email_verified: true,
              preferred_username: 'someone', name: 'Someone Else' },
  unverified: { email: 'anna.coordinator@example.org', email_verified: false,
                preferred_username: 'mallory', name: 'Unverified Address' },
};

async function signingKey(alg) {
  const { privateKey } = await jose.generateKeyPair(alg, { extractable: true });
  return { ...(await jose.exportJWK(privateKey)), alg, use: 'sig', kid: randomUUID() };
}

const client = {
  client_secret: clientSecret,
  redirect_uris: [redirectUri],
  grant_types: ['authorization_code'],
  response_types: ['code'],
};

const provider = new Provider(issuer, {
  clients: [
    { ...client, client_id: 'samtal-staff', token_endpoint_auth_method: 'client_secret_basic',
      id_token_signed_response_alg: 'RS256' },
    { ...client, client_id: 'samtal-staff-es', token_endpoint_auth_method: 'client_secret_post',
      id_token_signed_response_alg: 'ES256' },
  ],
  jwks: { keys: [await signingKey('RS256'), await signingKey('ES256')] },
  enabledJWA: { idTokenSigningAlgValues: ['RS256', 'ES256'] },
  claims: { openid: ['sub'], email: ['email', 'email_verified'],
            profile: ['preferred_username', 'name'] },
  // Claims the scopes ask for go into the ID token too, as Keycloak and Entra ID do.
  conformIdTokenClaims: false,
  pkce: { required: () => true },
  features: { devInteractions: { enabled: false } },
  interactions: { url: (ctx, interaction) => `/interaction/${interaction.uid}` },
  async findAccount(ctx, id) {
    if (!people[id]) return undefined;
    return { accountId: id, claims: async () => ({ sub: id, ...people[id] }) };
  },
});

// Signs in the hinted person and consents to everything the client asked for.
async function interact(req, res) {
  const details = await provider.interactionDetails(req, res);
  const { prompt, params, session } = details;
  let result;
  if (prompt.name === 'login') {
    result = { login: { accountId: params.login_hint || 'coordinator' } };
  } else {
    const grant = details.grantId
      ? await provider.Grant.find(details.grantId)
      : new provider.Grant({ accountId: session.accountId, clientId: params.client_id });
    if (prompt.details.missingOIDCScope) grant.addOIDCScope(prompt.details.missingOIDCScope.join(' '));
    if (prompt.details.missingOIDCClaims) grant.addOIDCClaims(prompt.details.missingOIDCClaims);
    result = { consent: { grantId: await grant.save() } };
  }
  await provider.interactionFinished(req, res, result, { mergeWithLastSubmission: true });
}

const callback = provider.callback();
const server = http.createServer((req, res) => {
  if (req.url.startsWith('/interaction/')) {
    interact(req, res).catch((error) => {
      res.statusCode = 500;
      res.end(String(error));
    });
    return;
  }
  callback(req, res);
});
server.listen(Number(port), '127.0.0.1', () => console.log(`listening on ${issuer}`));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
