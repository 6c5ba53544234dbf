import { StrictMode, type ReactNode } from 'react';
import { createRoot } from 'react-dom/client';

/** Renders a React page into a `#root` element made at the end of the body (the page's HTML holds only its title). */
export function mountPage(page: ReactNode): void {
  const root = document.createElement('div');
  root.id = 'root';
  document.body.appendChild(root);
  createRoot(root).render(<StrictMode>{page}</StrictMode>);
}
