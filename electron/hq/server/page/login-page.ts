import { html } from './html.ts';
import { pageLayout } from './page-layout.ts';

/** The sign-in form; `problem` says in plain words why the last try failed. */
export function loginPage(options: { problem?: string; name?: string } = {}): string {
  return pageLayout({
    title: 'Sign in',
    body: html`<section class="login">
      <h2>Sign in to head office</h2>
      ${options.problem !== undefined && html`<p class="notice" role="alert">${options.problem}</p>`}
      <form method="post" action="/login">
        <label
          >Name <input name="name" autocomplete="username" required maxlength="64" value="${options.name ?? ''}"
        /></label>
        <label
          >Password <input name="password" type="password" autocomplete="current-password" required maxlength="1024"
        /></label>
        <button type="submit">Sign in</button>
      </form>
    </section>`,
  });
}

/** A page that only says something: a refusal, a missing page, a database that does not answer. */
export function messagePage(title: string, message: string): string {
  return pageLayout({
    title,
    body: html`<section>
      <h2>${title}</h2>
      <p>${message}</p>
      <p><a href="/">Back to the overview</a></p>
    </section>`,
  });
}
