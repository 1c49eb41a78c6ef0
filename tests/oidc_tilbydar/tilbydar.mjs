// A real OpenID Connect provider for Alver's single sign-on tests: panva's certified
// oidc-provider, one instance per «tenant» under /<tenant>/v2.0 like Microsoft Entra ID's
// issuers (https://login.microsoftonline.com/<tenant>/v2.0), all on one loopback port.
//
//   node tilbydar.mjs <oppsett.json>
//
// oppsett.json: {"port": 0, "kontoar": "<path>", "tenants": {"<tenant>": {"clients": [...]}}}
// The accounts file is read at every lookup, so a test can change a person's e-mail between
// two logins: {"<tenant>": {"<login>": {"sub": ..., "email": ..., ...claims}}}.
// The login page is the provider's own development login form (any password).
// On start it prints one line, «LISTENING <port>», for the test to read.
import fs from 'node:fs';
import http from 'node:http';

import Provider from 'oidc-provider';

const oppsett = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));

function konto(tenant, id) {
  const alle = JSON.parse(fs.readFileSync(oppsett.kontoar, 'utf8'));
  return (alle[tenant] || {})[id];
}

const server = http.createServer();
const tilbydarar = {};

function lag(tenant, port) {
  const issuer = `http://127.0.0.1:${port}/${tenant}/v2.0`;
  const provider = new Provider(issuer, {
    clients: oppsett.tenants[tenant].clients,
    // Entra puts the person's claims in the ID token; so does this provider then.
    conformIdTokenClaims: false,
    claims: {
      openid: ['sub', 'oid', 'tid'],
      email: ['email', 'email_verified'],
      profile: ['name', 'preferred_username', 'upn', 'department'],
    },
    features: { devInteractions: { enabled: true } },
    // A first-party application the tenant's administrator has consented to: no consent page.
    async loadExistingGrant(ctx) {
      const grantId = ctx.oidc.result?.consent?.grantId
        || ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
      if (grantId) return ctx.oidc.provider.Grant.find(grantId);
      const grant = new ctx.oidc.provider.Grant({
        clientId: ctx.oidc.client.clientId,
        accountId: ctx.oidc.session.accountId,
      });
      grant.addOIDCScope('openid email profile');
      await grant.save();
      return grant;
    },
    async findAccount(ctx, id) {
      const claims = konto(tenant, id);
      if (!claims) return undefined;
      return {
        accountId: id,
        async claims() {
          // read again: the test may have changed the account since the login
          return { tid: tenant, ...(konto(tenant, id) || claims) };
        },
      };
    },
    ttl: { Session: 600, Interaction: 600, Grant: 600 },
  });
  provider.on('server_error', (ctx, err) => console.error('server_error', err));
  return provider;
}

server.on('request', (req, res) => {
  const m = req.url.match(/^\/([^/]+)\/v2\.0(\/.*)?$/) || req.url.match(/^\/([^/]+)\/v2\.0(\?.*)$/);
  const provider = m && tilbydarar[m[1]];
  if (!provider) {
    res.statusCode = 404;
    res.end('no such tenant');
    return;
  }
  // mounted under the issuer's path, as express's app.use(prefix, ...) would
  req.originalUrl = req.url;
  req.url = m[2] && m[2].startsWith('/') ? m[2] : `/${m[2] || ''}`;
  provider.callback()(req, res);
});

server.listen(oppsett.port || 0, '127.0.0.1', () => {
  const { port } = server.address();
  for (const tenant of Object.keys(oppsett.tenants)) tilbydarar[tenant] = lag(tenant, port);
  console.log(`LISTENING ${port}`);
});

process.on('SIGTERM', () => server.close(() => process.exit(0)));
