import { createRoot, type Root } from 'react-dom/client';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { userEvent } from 'vitest/browser';
import { Installation } from '../../engine/core/geometry/Installation.ts';
import { parseProfileValue } from '../../engine/core/profile/parseProfile.ts';
import previewProfile from '../../calibration/profiles/preview-3.json';
import type { FrameInfo } from './HallScene.tsx';
import { viewToward, type LookView } from './lookView.ts';
import { VisitApp, type VisitSettings } from './VisitApp.tsx';
import { createVisitSession, VIEWER_NOTE } from './VisitSession.ts';
import * as T from '../../engine/core/clock/transport.ts';
import type { Command } from '../../engine/core/protocol/commands.ts';
import './visit.css';

// The page updates itself from its own rAF loop, as in a real browser: tests wait for what it shows
// (vi.waitFor) instead of wrapping updates in act().
const text = (en: string, fr: string, vi: string) => ({ en, fr, vi });
// Three chapters: a white wash (0–10 s), nothing (10–20 s), a dim wash with a spot at u = 0.8 (20–30 s);
// a narration over the whole show gives the caption in each language.
const SHOW = {
  schemaVersion: 2,
  id: 'visit-test',
  title: text('Visit test', 'Test de visite', 'Thử tham quan'),
  languages: ['vi', 'en', 'fr'],
  defaultLanguage: 'en',
  durationS: 30,
  chapters: [
    { id: 'ch-wash', title: text('Wash', 'Lavis', 'Sáng'), startS: 0 },
    { id: 'ch-dark', title: text('Dark', 'Noir', 'Tối'), startS: 10 },
    { id: 'ch-spot', title: text('Spot', 'Projecteur', 'Đèn'), startS: 20 },
  ],
  regions: [],
  tracks: [
    {
      id: 'light',
      type: 'light',
      name: 'Light',
      enabled: true,
      clips: [
        { id: 'wash', effect: 'wash', startS: 0, durationS: 10, params: { intensity: 1 } },
        { id: 'dim', effect: 'wash', startS: 20, durationS: 10, params: { intensity: 0.05 } },
        { id: 'spot', effect: 'spot', startS: 20, durationS: 10, params: { intensity: 1, center: [0.8, 0.5], radius: 0.15, softness: 0.2 } },
      ],
    },
    {
      id: 'voice',
      type: 'audio',
      name: 'Narration',
      enabled: true,
      clips: [
        { id: 'n1', startS: 0, durationS: 30, source: { type: 'narration', variants: { en: { src: 'n/en.ogg', text: 'The valley at dusk' }, fr: { src: 'n/fr.ogg', text: 'La vallée au crépuscule' }, vi: { src: 'n/vi.ogg', text: 'Thung lũng lúc hoàng hôn' } } } },
      ],
    },
  ],
};

const parsed = parseProfileValue(previewProfile);
if (!parsed.ok) throw new Error('preview-3 profile does not parse');
const inst = new Installation(parsed.value);
/** The view from the platform toward painting (u, 0.5). */
const toward = (u: number): LookView => viewToward(parsed.value.hall.eyeM, inst.surface.pointAt(u, 0.5), 40);

let root: Root | null = null;
let container: HTMLDivElement | null = null;
afterEach(() => {
  root?.unmount();
  container?.remove();
  root = null;
  container = null;
});

const EPOCH = 1_800_000_000;

async function mount(view: LookView) {
  let epochS = EPOCH;
  const session = createVisitSession('local', () => epochS);
  expect(session.getState().setDocuments(previewProfile, SHOW, 1)).toBe(true);
  const frames: FrameInfo[] = [];
  const settings: VisitSettings = { maxFps: 60, wall: { projectorPx: 256, wallPx: 1024 }, view, assets: { image: () => null } };
  container = document.createElement('div');
  container.style.cssText = 'position: relative; width: 400px; height: 300px;';
  document.body.appendChild(container);
  root = createRoot(container);
  root.render(<VisitApp session={session} epochNow={() => epochS} settings={settings} onFrame={(f) => frames.push(f)} />);
  // A paused transport: show time is what the test seeks to, whatever the frame timing.
  await session.getState().perform({ command: 'play' });
  await session.getState().perform({ command: 'pause' });
  const at = async (showS: number) => {
    await session.getState().perform({ command: 'seek', toS: showS });
    epochS += 1; // paused: show time stays put while the page's clock runs on
    await vi.waitFor(() => expect(frames.at(-1)?.showS).toBe(showS), { timeout: 30_000, interval: 50 });
  };
  return { session, frames, at, container };
}

/** The canvas's pixel at (fx, fy) of its size, as [r, g, b] 0..255 (read back after the frame). */
async function pixel(c: HTMLElement, fx: number, fy: number): Promise<[number, number, number]> {
  const canvas = c.querySelector('canvas')!;
  const ctx = document.createElement('canvas').getContext('2d', { willReadFrequently: true })!;
  ctx.canvas.width = canvas.width;
  ctx.canvas.height = canvas.height;
  ctx.drawImage(canvas, 0, 0);
  const d = ctx.getImageData(Math.floor(fx * canvas.width), Math.floor(fy * canvas.height), 1, 1).data;
  return [d[0]!, d[1]!, d[2]!];
}
const luma = ([r, g, b]: [number, number, number]) => 0.2126 * r + 0.7152 * g + 0.0722 * b;

describe('VisitApp (the virtual visit)', () => {
  it('shows the wall lit where a wash lights it, and black in a dark moment and in a blackout', async () => {
    const v = await mount(toward(0.5));
    await v.at(5);
    const canvas = v.container.querySelector('canvas')!;
    expect([canvas.width, canvas.height]).toEqual([400, 300]);
    const lit = await pixel(v.container, 0.5, 0.5);
    expect(luma(lit)).toBeGreaterThan(150);
    await v.at(15);
    expect(luma(await pixel(v.container, 0.5, 0.5))).toBeLessThan(8);
    await v.at(5.5);
    expect(luma(await pixel(v.container, 0.5, 0.5))).toBeGreaterThan(150);
    await v.session.getState().perform({ command: 'blackout', on: true });
    await v.at(6);
    expect(luma(await pixel(v.container, 0.5, 0.5))).toBeLessThan(8);
  });

  it('shows the spot where it lights the wall when looking at its azimuth, and not elsewhere', async () => {
    const v = await mount(toward(0.8));
    await v.at(25);
    const centre = luma(await pixel(v.container, 0.5, 0.5));
    const aside = luma(await pixel(v.container, 0.1, 0.5));
    expect(centre).toBeGreaterThan(150);
    expect(aside).toBeLessThan(centre / 2);
    expect(aside).toBeGreaterThan(8); // the dim wash: the wall is there, only the spot is not
    // Turn left 50° with the keys (Shift+ArrowLeft twice): the spot leaves the view's centre.
    await userEvent.keyboard('{Shift>}{ArrowLeft}{ArrowLeft}{/Shift}');
    await vi.waitFor(async () => expect(luma(await pixel(v.container, 0.5, 0.5))).toBeLessThan(centre / 2), { timeout: 30_000, interval: 100 });
    expect(v.container.querySelector('[data-testid="status"]')!.textContent).toMatch(new RegExp(`looking ${Math.round((toward(0.8).azimuthDeg - 50 + 360) % 360)}° az`));
  });

  it('seeks with the chapter buttons and lists the show\'s languages in the picker', async () => {
    const v = await mount(toward(0.5));
    await v.at(1);
    const buttons = [...v.container.querySelectorAll<HTMLButtonElement>('.chapters button')];
    expect(buttons.map((b) => b.textContent)).toEqual(['Wash', 'Dark', 'Spot']);
    await userEvent.click(buttons[2]!);
    await vi.waitFor(() => expect(v.frames.at(-1)?.showS).toBe(20), { timeout: 30_000 });
    expect(v.session.getState().showTimeAt(EPOCH + 100)).toBe(20);
    await vi.waitFor(() => expect(buttons[2]!.getAttribute('aria-pressed')).toBe('true'));
    await userEvent.click(buttons[1]!);
    await vi.waitFor(() => expect(v.frames.at(-1)?.showS).toBe(10), { timeout: 30_000 });

    const select = v.container.querySelector<HTMLSelectElement>('select[aria-label="Language"]')!;
    expect([...select.options].map((o) => o.value)).toEqual(['vi', 'en', 'fr']);
    expect(select.value).toBe('en');
    expect(v.container.querySelector('.subtitles')!.textContent).toBe('The valley at dusk');
    await userEvent.selectOptions(select, 'fr');
    expect(v.session.getState().language).toBe('fr');
    await vi.waitFor(() => expect(v.container.querySelector('.subtitles')!.textContent).toBe('La vallée au crépuscule'));
    expect(buttons.map((b) => b.textContent)).toEqual(['Lavis', 'Noir', 'Projecteur']);
  });

  it('with a visitor token, following the hall: the chapter buttons are off with the reason shown and send nothing; the local preview button lets them move only the page\'s own clock', async () => {
    const epochS = EPOCH;
    const sent: Command[] = [];
    const session = createVisitSession('follow', () => epochS, async (c) => {
      sent.push(c);
      return { ok: true, message: 'ok' };
    });
    expect(session.getState().setDocuments(previewProfile, SHOW, 1)).toBe(true);
    // The hall is paused at 5 s (the white wash).
    session.getState().onMessage({ type: 'transport', transport: JSON.parse(JSON.stringify(T.pause(T.play(T.seek(T.createTransport(30, EPOCH - 10), 5, EPOCH - 10), EPOCH - 10), EPOCH - 10))), blackout: false });
    session.getState().setRole('viewer');
    const frames: FrameInfo[] = [];
    container = document.createElement('div');
    container.style.cssText = 'position: relative; width: 400px; height: 300px;';
    document.body.appendChild(container);
    root = createRoot(container);
    root.render(<VisitApp session={session} epochNow={() => epochS} settings={{ maxFps: 60, wall: { projectorPx: 256, wallPx: 1024 }, view: toward(0.5), assets: { image: () => null } }} onFrame={(f) => frames.push(f)} />);
    await vi.waitFor(() => expect(frames.at(-1)?.showS).toBe(5), { timeout: 30_000, interval: 50 });
    const c = container;
    const buttons = [...c.querySelectorAll<HTMLButtonElement>('.chapters button')];
    expect(buttons.map((b) => b.disabled)).toEqual([true, true, true]);
    expect(c.querySelector<HTMLInputElement>('input[aria-label="Show time"]')!.disabled).toBe(true);
    expect(c.querySelector<HTMLSelectElement>('select[aria-label="Language"]')!.disabled).toBe(true);
    expect(c.querySelector('[data-testid="viewer-note"]')!.textContent).toBe(VIEWER_NOTE);
    // A click on a disabled button does nothing (forced past the actionability check).
    buttons[2]!.click();
    await new Promise((r) => setTimeout(r, 200));
    expect(sent).toEqual([]);
    expect(frames.at(-1)?.showS).toBe(5);

    await userEvent.click(c.querySelector<HTMLButtonElement>('button.mode')!);
    expect(session.getState().mode).toBe('local');
    expect(new URL(location.href).searchParams.get('mode')).toBe('local');
    await vi.waitFor(() => expect(buttons[2]!.disabled).toBe(false));
    expect(c.querySelector('[data-testid="viewer-note"]')).toBeNull();
    await userEvent.click(buttons[2]!);
    await vi.waitFor(() => expect(frames.at(-1)?.showS).toBe(20), { timeout: 30_000 });
    expect(sent).toEqual([]);
    history.replaceState(null, '', location.pathname);
  });
});
