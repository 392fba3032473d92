import type { FastifyInstance } from 'fastify';

/**
 * The page behind the one-time setup link printed at first start: it creates the first administrator.
 * Plain HTML with no build step, because it must work before anything else is configured.
 */
const PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Echelon — first-time setup</title>
<style>
  body { font: 16px/1.5 system-ui, sans-serif; max-width: 28rem; margin: 3rem auto; padding: 0 1rem; color: #1b1f24; }
  label { display: block; margin-top: 1rem; font-weight: 600; }
  input { width: 100%; box-sizing: border-box; padding: .5rem; font: inherit; border: 1px solid #8c959f; border-radius: 6px; }
  button { margin-top: 1.5rem; padding: .6rem 1.2rem; font: inherit; font-weight: 600; border: 0; border-radius: 6px; background: #0a6a4f; color: #fff; cursor: pointer; }
  #message { margin-top: 1rem; }
  .error { color: #b42318; } .ok { color: #0a6a4f; }
</style>
</head>
<body>
<main>
  <h1>Welcome to Echelon</h1>
  <p>Create the administrator account. This link works once.</p>
  <form id="setup">
    <label for="name">Your name</label><input id="name" name="name" required autocomplete="name">
    <label for="email">E-mail</label><input id="email" name="email" type="email" required autocomplete="email">
    <label for="password">Password (at least 10 characters)</label>
    <input id="password" name="password" type="password" minlength="10" required autocomplete="new-password">
    <button type="submit">Create administrator</button>
  </form>
  <p id="message" role="status" aria-live="polite"></p>
</main>
<script>
  const token = new URLSearchParams(location.search).get('token') || '';
  const form = document.getElementById('setup');
  const message = document.getElementById('message');
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const body = Object.fromEntries(new FormData(form));
    body.token = token;
    const response = await fetch('/api/v1/setup', {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body),
    });
    const answer = await response.json().catch(() => ({}));
    if (response.ok) {
      message.className = 'ok';
      message.textContent = 'Done. You can now sign in as ' + answer.user.email + '.';
      form.hidden = true;
    } else {
      message.className = 'error';
      message.textContent = answer.detail || 'Setup failed (' + response.status + ')';
    }
  });
</script>
</body>
</html>`;

export function installSetupPage(app: FastifyInstance): void {
  app.get('/setup', { schema: { hide: true } }, async (_request, reply) =>
    reply.type('text/html; charset=utf-8').send(PAGE),
  );
}
