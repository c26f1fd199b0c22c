// Opens case 3 in the whole app on a fake backend: what every case-page test starts from.
import { render } from '@testing-library/svelte';
import App from '../App.svelte';
import { nav } from '../lib/nav.svelte';
import { fakeBackend, type Handler } from './backend';

export function renderCase(handlers: Record<string, Handler>) {
  const backend = fakeBackend(handlers);
  nav.openCase(3);
  render(App);
  return backend;
}
