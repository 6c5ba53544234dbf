/**
 * Mounts the control window. The token is handed over by the runtime (or read from a typed
 * `#token=…`, then removed from the address: see shared/pageToken.ts); it is passed to the socket
 * hello, and to the pages this one opens on request, and nowhere else (never logged).
 */
import { useEffect, useState } from 'react';
import { ControlRoom } from './ControlRoom.tsx';
import { pageToken, shareTokenWithOpenedPages } from '../shared/pageToken.ts';
import { useConductor } from './useConductor.ts';
import { mountPage } from '../shared/mountPage.tsx';
import './control.css';

// Read once: editing the fragment later does not switch tokens under a running window (reload instead).
const token = pageToken();
void token.then(shareTokenWithOpenedPages);

function App() {
  const [t, setT] = useState<string | null>(null);
  useEffect(() => void token.then(setT), []);
  return <ControlRoom {...useConductor(t)} />;
}

mountPage(<App />);
