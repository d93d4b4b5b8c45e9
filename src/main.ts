// Entry point: mounts the Svelte application shell into #app.
// Kept tiny so the first-load bundle stays small; heavy engines load lazily in workers.
import { mount } from 'svelte';
import App from './App.svelte';
import './app.css';

const target = document.getElementById('app');
if (!target) throw new Error('MMHS Playground: the #app element is missing from index.html.');

export default mount(App, { target });
