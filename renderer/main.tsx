import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { connectToTill } from './api/connect.ts';
import { App } from './app/App.tsx';
import { reportUncaughtErrors } from './app/report-errors.ts';
import { guardUnloadWhilePaying } from './app/unload-guard.ts';
import { useTillStore } from './store/till-store.ts';
import './styles.css';

const link = connectToTill();
if ('bridge' in link) reportUncaughtErrors(link.bridge, window);
guardUnloadWhilePaying(window, () => useTillStore.getState());

const container = document.getElementById('root');
if (container === null) throw new Error('index.html has no #root element');

createRoot(container).render(
  <StrictMode>
    <App link={link} />
  </StrictMode>,
);
