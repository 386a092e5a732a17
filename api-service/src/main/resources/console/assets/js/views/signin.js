// Sign-in: username and password to POST /api/auth/login; only operators and admins get in.
import { signIn } from '../api.js';
import { h, problemBox } from '../dom.js';

export function create(context) {
  return {
    title: 'Sign in',
    async mount(main) {
      const status = h('div', { id: 'signin-status' });
      const username = h('input', { id: 'username', name: 'username', autocomplete: 'username', required: true });
      const password = h('input', { id: 'password', name: 'password', type: 'password', autocomplete: 'current-password', required: true });
      const submit = h('button', { type: 'submit', class: 'primary', id: 'sign-in' }, 'Sign in');
      const form = h('form', { class: 'signin', 'aria-describedby': 'signin-help', novalidate: true },
        h('label', { for: 'username' }, 'Username', username),
        h('label', { for: 'password' }, 'Password', password),
        submit, status);
      form.addEventListener('submit', async (event) => {
        event.preventDefault();
        if (!username.value || !password.value) {
          status.replaceChildren(problemBox({ message: 'Enter a username and a password.' }));
          (username.value ? password : username).focus();
          return;
        }
        submit.disabled = true;
        status.replaceChildren(h('p', { class: 'note' }, 'Signing in…'));
        try {
          const me = await signIn(username.value, password.value);
          context.onSignedIn(me);
        } catch (error) {
          status.replaceChildren(problemBox(error));
          password.value = '';
          password.focus();
        } finally {
          submit.disabled = false;
        }
      });
      main.append(
        h('h1', {}, 'Sign in'),
        h('p', { id: 'signin-help', class: 'note' },
          'The console is for operators and admins. Your session lasts until you sign out or close this tab.'),
        form);
    },
  };
}
