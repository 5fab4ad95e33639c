import { mount } from 'svelte';
import App from './App.svelte';
import './app.css';
// Sets <html data-theme> before the first render, so no page flashes light in the dark theme.
import './lib/theme.svelte.ts';

const target = document.getElementById('app');
if (!target) throw new Error('index.html has no #app element to mount the dashboard in');

/** The mounted dashboard (kept so hot reloads and the benchmark can reach it). */
export default mount(App, { target });
