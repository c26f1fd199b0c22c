// Opens case 3 in the whole app on a fake backend: what every case-page test starts from.
import { render } from '@testing-library/svelte';
import App from '../App.svelte';
import { nav } from '../lib/nav.svelte';
import { fakeBackend, type Handler } from './backend';

export function renderCase(handlers: Record<string, Handler>) {
  // A case page reads its screenshots on open: nothing to read unless a test says otherwise.
  const backend = fakeBackend({ read_captures: () => [], cancel_reading: () => null, ...handlers });
  nav.openCase(3);
  render(App);
  return backend;
}
