import type { Session } from '../session-cookie.ts';
import { html, type Html } from './html.ts';

/** The frame of every page: its title, who is signed in, and the way out. */
export function pageLayout(options: { title: string; session?: Session | undefined; body: Html }): string {
  const { session } = options;
  return html`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>${options.title} · Kassa HQ</title>
        <link rel="stylesheet" href="/hq.css" />
      </head>
      <body>
        <header class="top">
          <h1>Kassa HQ</h1>
          ${
            session &&
            html`<div>
              Signed in as <strong>${session.name}</strong> (${session.role})
              <form method="post" action="/logout"><button class="secondary" type="submit">Sign out</button></form>
            </div>`
          }
        </header>
        <main>${options.body}</main>
      </body>
    </html> `.text;
}
