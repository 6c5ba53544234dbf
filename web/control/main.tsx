/**
 * Mounts the control window. The token comes from the address fragment (`#token=…`), which browsers
 * never send to a server; it is passed to the socket hello and nowhere else (never logged).
 */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { ControlRoom } from './ControlRoom.tsx';
import { readToken, useConductor } from './useConductor.ts';
import './control.css';

// Read once: editing the fragment later does not switch tokens under a running window (reload instead).
const token = readToken(location.hash);

function App() {
  return <ControlRoom {...useConductor(token)} />;
}

const root = document.getElementById('root');
if (!root) throw new Error('control page: #root is missing from index.html');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
