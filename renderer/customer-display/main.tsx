import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { connectToDisplay } from './connect-display.ts';
import { CustomerDisplayPage } from './CustomerDisplay.tsx';
import './customer-display.css';

/** The customer display's page (display.html): it only receives what main says it shows. */
const container = document.getElementById('root');
if (container === null) throw new Error('display.html has no #root element');

createRoot(container).render(
  <StrictMode>
    <CustomerDisplayPage feed={connectToDisplay()} />
  </StrictMode>,
);
