import type { KoaContextWithOIDC } from 'oidc-provider';

/** HTML-escapes text put into the server-rendered sign-in pages. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** One plain, mobile-friendly page: riders approve trackers on their phones at the start line. */
export function page(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(title)} · Echelon</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:28rem;margin:2rem auto;padding:0 1rem;color:#1b1f24}
h1{font-size:1.5rem}label{display:block;margin:.75rem 0}input[type=email],input[type=password],input[type=text]{width:100%;
padding:.6rem;font-size:1rem;box-sizing:border-box}button{font-size:1rem;padding:.7rem 1.2rem;margin:.5rem .5rem 0 0;cursor:pointer}
.error{color:#b00020}.choice{border:1px solid #ccd;border-radius:6px;padding:.5rem .75rem;margin:.5rem 0}code{font-size:1.5rem}</style>
</head><body><h1>${escapeHtml(title)}</h1>${body}</body></html>`;
}

/** The device flow's pages (RFC 8628): enter the code shown on the tracker, confirm it, done. */
export const devicePages = {
  userCodeInputSource(ctx: KoaContextWithOIDC, form: string, _out: unknown, error: unknown) {
    const message = error
      ? '<p class="error">That code is wrong or has expired. Check the code on your tracker and try again.</p>'
      : '<p>Enter the code your tracker shows.</p>';
    ctx.body = page(
      'Connect a tracker',
      `${message}${form}<button type="submit" form="op.deviceInputForm">Continue</button>`,
    );
  },
  userCodeConfirmSource(
    ctx: KoaContextWithOIDC,
    form: string,
    _client: unknown,
    _info: unknown,
    userCode: string,
  ) {
    ctx.body = page(
      'Connect a tracker',
      `<p>Your tracker should show this code:</p><p><code>${escapeHtml(userCode)}</code></p>
<p>Continue only if it does.</p>${form}
<button type="submit" form="op.deviceConfirmForm">Continue</button>
<button type="submit" form="op.deviceConfirmForm" value="yes" name="abort">Cancel</button>`,
    );
  },
  successSource(ctx: KoaContextWithOIDC) {
    ctx.body = page(
      'Tracker connected',
      '<p>Your tracker may now send your positions. You can close this page.</p>',
    );
  },
  renderError(ctx: KoaContextWithOIDC, out: { error?: string; error_description?: string }) {
    ctx.type = 'html';
    ctx.body = page(
      'Sign-in failed',
      `<p class="error">${escapeHtml(out.error_description ?? out.error ?? 'Something went wrong')}</p>`,
    );
  },
};

export function loginPage(action: string, error: string | null): string {
  return page(
    'Sign in to Echelon',
    `${error ? `<p class="error">${escapeHtml(error)}</p>` : ''}
<p>Sign in with your Echelon account to connect your tracker.</p>
<form method="post" action="${escapeHtml(action)}">
<label>E-mail <input type="email" name="email" autocomplete="username" required></label>
<label>Password <input type="password" name="password" autocomplete="current-password" required></label>
<button type="submit">Sign in</button></form>`,
  );
}

export interface ConsentChoice {
  registrationId: string;
  label: string;
}

export function consentPage(
  action: string,
  client: string,
  who: string,
  csrf: string,
  choices: ConsentChoice[],
): string {
  if (choices.length === 0) {
    return page(
      'No registration to track',
      `<p>${escapeHtml(who)}, your account rides no registration yet. Ask the organiser to link your registration to your account.</p>
<form method="post" action="${escapeHtml(action)}"><input type="hidden" name="csrf" value="${escapeHtml(csrf)}">
<button type="submit" name="deny" value="1">Back</button></form>`,
    );
  }
  const options = choices
    .map(
      (c, i) =>
        `<label class="choice"><input type="radio" name="registrationId" value="${escapeHtml(c.registrationId)}"${i === 0 ? ' checked' : ''}> ${escapeHtml(c.label)}</label>`,
    )
    .join('');
  return page(
    'Send your positions',
    `<p>${escapeHtml(who)}: <strong>${escapeHtml(client)}</strong> asks to send positions for one of your registrations.</p>
<form method="post" action="${escapeHtml(action)}"><input type="hidden" name="csrf" value="${escapeHtml(csrf)}">
${options}<button type="submit" name="approve" value="1">Allow</button><button type="submit" name="deny" value="1">Deny</button></form>`,
  );
}
