import './app.css';
import { mount } from 'svelte';
import App from './App.svelte';
import { settings } from './lib/state/settings.svelte';
import { tasks } from './lib/state/tasks.svelte';
import { wizard } from './lib/state/wizard.svelte';
import { notices } from './lib/state/notices.svelte';
import { connection } from './lib/state/connection.svelte';

// Paint the right theme before the first frame, then start listening to the main side.
settings.applyEarly();
settings.start();
notices.start();
tasks.start();
wizard.start();
connection.start(() => {
  void settings.refresh();
  void tasks.refresh();
  void wizard.refresh();
});

const target = document.getElementById('app');
if (!target) throw new Error('index.html has no #app element');
mount(App, { target });
