import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { connectToTill } from './api/connect.ts';
import { App } from './app/App.tsx';
import { reportUncaughtErrors } from './app/report-errors.ts';
import './styles.css';

const link = connectToTill();
if ('bridge' in link) reportUncaughtErrors(link.bridge, window);

const container = document.getElementById('root');
if (container === null) throw new Error('index.html has no #root element');

createRoot(container).render(
  <StrictMode>
    <App link={link} />
  </StrictMode>,
);
