// The console's shell: the hash router, the sign-in gate, and the live refresh. Each view is a
// module with create(params) -> {title, mount(main), refresh(), destroy?()}; a refresh is one
// API request per view (the view's list or document), never one per row.
import { signedIn, signOut, whenSignedOut } from './api.js';
import { announce } from './dom.js';
import * as signin from './views/signin.js';
import * as queues from './views/queues.js';
import * as workers from './views/workers.js';
import * as deadLetters from './views/dead-letters.js';
import * as task from './views/task.js';
import * as runs from './views/runs.js';
import * as run from './views/run.js';
import * as definitions from './views/definitions.js';

export const REFRESH_MS = 5000;

const routes = [
  { pattern: /^\/queues$/, view: queues, nav: '#/queues' },
  { pattern: /^\/workers$/, view: workers, nav: '#/workers' },
  { pattern: /^\/dead-letters$/, view: deadLetters, nav: '#/dead-letters' },
  { pattern: /^\/task(?:\/([^/]+))?$/, view: task, nav: '#/task' },
  { pattern: /^\/runs$/, view: runs, nav: '#/runs' },
  { pattern: /^\/runs\/([^/]+)$/, view: run, nav: '#/runs' },
  { pattern: /^\/definitions$/, view: definitions, nav: '#/definitions' },
];

let current = null;
let timer = null;
let refreshing = false;
let user = null;

function parseHash() {
  const raw = location.hash.startsWith('#/') ? location.hash.slice(1) : '/queues';
  const [path, query] = raw.split('?');
  return { path, query: new URLSearchParams(query || '') };
}

async function show() {
  stop();
  const main = document.getElementById('main');
  const nav = document.getElementById('nav');
  const session = document.getElementById('session');
  let chosen;
  let params = [];
  let navHref = null;
  if (!signedIn()) {
    chosen = signin;
  } else {
    const { path, query } = parseHash();
    const route = routes.find((r) => r.pattern.test(path)) || routes[0];
    params = (path.match(route.pattern) || []).slice(1).map((p) => (p ? decodeURIComponent(p) : p));
    params.push(query);
    chosen = route.view;
    navHref = route.nav;
  }
  nav.hidden = !signedIn();
  session.hidden = !signedIn();
  for (const link of nav.querySelectorAll('a')) {
    if (link.getAttribute('href') === navHref) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
  current = chosen.create(...params, { onSignedIn, user });
  document.title = `${current.title} · Automation Orchestrator console`;
  main.replaceChildren();
  const mounted = current;
  await current.mount(main);
  if (mounted !== current) return;
  // focus management: the new page's heading takes the focus, so a screen reader starts there
  const heading = main.querySelector('h1');
  if (heading) {
    heading.setAttribute('tabindex', '-1');
    heading.focus();
  }
  if (current.refresh) {
    timer = setInterval(tick, REFRESH_MS);
  }
}

async function tick() {
  const dialogOpen = !document.getElementById('confirm').hidden;
  if (refreshing || document.hidden || dialogOpen || !current) return;
  refreshing = true;
  const view = current;
  try {
    await view.refresh();
  } finally {
    refreshing = false;
  }
}

function stop() {
  if (timer !== null) clearInterval(timer);
  timer = null;
  if (current && current.destroy) current.destroy();
  current = null;
}

function onSignedIn(me) {
  user = me;
  document.getElementById('who').textContent = `${me.username} (${me.role})`;
  announce(`Signed in as ${me.username}`);
  if (!location.hash.startsWith('#/')) location.hash = '#/queues';
  else show();
}

whenSignedOut(() => {
  user = null;
  document.getElementById('who').textContent = '';
  announce('Signed out');
  show();
});

document.getElementById('sign-out').addEventListener('click', () => signOut());
window.addEventListener('hashchange', () => {
  if (location.hash.startsWith('#/')) show();
});
show();
