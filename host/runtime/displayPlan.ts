import type { ProjectorConfig } from '../../engine/core/profile/profileSchema.ts';

/** A rectangle on the desktop, in device-independent pixels (Electron's DIP points). */
export interface Bounds {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** One display as the runtime sees it (Electron's `screen.getAllDisplays()` fits this shape). */
export interface DisplayInfo {
  id: number | string;
  bounds: Bounds;
  scaleFactor: number;
  primary: boolean;
}

/** What the plan needs of a profile: each projector's id, output resolution and display choice. Any `Profile` fits. */
export interface ProfileDisplays {
  readonly projectors: readonly Pick<ProjectorConfig, 'id' | 'resolution' | 'display'>[];
}

/** Projector id → display id chosen last time (persisted by the shell between runs). */
export type RememberedDisplays = Record<string, string | number>;

/** Why a projector landed on its display, in the order the rules are tried. */
export type AssignmentReason = 'profile-id' | 'remembered' | 'profile-index' | 'position';

/** One fullscreen output window: which projector, on which display. */
export interface PlannedOutput {
  projectorId: string;
  displayId: string | number;
  bounds: Bounds;
  reason: AssignmentReason;
}

/** The windows to open: one output per projector, or one tiled preview when displays are short. */
export interface WindowPlan {
  mode: 'outputs' | 'preview';
  /** Empty in preview mode. */
  outputs: PlannedOutput[];
  /** The tiled preview window (preview mode only). */
  preview: { bounds: Bounds; projectorIds: string[] } | null;
  control: { bounds: Bounds };
  /** Plain sentences for the operator: missing displays, ids not found, resolution mismatches. */
  warnings: string[];
}

/** Options of {@link planWindows}. */
export interface PlanOptions {
  /** Keep the primary display for the control window; outputs use it only when no other display is free. */
  controlOnPrimary: boolean;
}

/** The preview window's size when the display is larger (DIP). */
export const PREVIEW_SIZE = { width: 1280, height: 800 } as const;

/** Used when the system reports no usable display at all, so the operator still gets windows. */
const FALLBACK_BOUNDS: Bounds = { x: 0, y: 0, width: PREVIEW_SIZE.width, height: PREVIEW_SIZE.height };

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

// OS ids are numbers in Electron but may be written as strings in a JSON profile: compare as text.
const sameId = (a: string | number, b: string | number): boolean => String(a) === String(b);

// Code-unit order, not locale order: the plan must not change with the machine's language.
const byText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

const usable = (d: DisplayInfo): boolean =>
  [d.bounds.x, d.bounds.y, d.bounds.width, d.bounds.height].every(Number.isFinite) && d.bounds.width > 0 && d.bounds.height > 0;

/** Displays left to right, then top to bottom; ids break ties so the order never depends on the OS's listing. */
export function sortDisplays(displays: readonly DisplayInfo[]): DisplayInfo[] {
  return [...displays].sort((a, b) => a.bounds.x - b.bounds.x || a.bounds.y - b.bounds.y || byText(String(a.id), String(b.id)));
}

function centred(display: Bounds, size: { width: number; height: number }): Bounds {
  const width = Math.min(size.width, display.width);
  const height = Math.min(size.height, display.height);
  return { x: display.x + Math.floor((display.width - width) / 2), y: display.y + Math.floor((display.height - height) / 2), width, height };
}

/**
 * Decides which display each projector's output window goes to. Per projector, in profile order:
 * the profile's `display.id` if that display exists; else the id remembered from last run; else
 * `display.index` counting displays left to right (then top to bottom); else the next free display in
 * that order, non-primary first. A display holds at most one output. With fewer usable displays than
 * projectors the plan is a single tiled preview window on the primary display instead.
 */
export function planWindows(profile: ProfileDisplays, displays: readonly DisplayInfo[], remembered: RememberedDisplays, options: PlanOptions): WindowPlan {
  const warnings: string[] = [];
  const seen = new Set<string>();
  const sorted = sortDisplays(displays).filter((d) => {
    const key = String(d.id);
    if (seen.has(key)) return false;
    seen.add(key);
    if (!usable(d)) warnings.push(`Display ${key} reports no usable area and is not used.`);
    return usable(d);
  });
  const primary = sorted.find((d) => d.primary) ?? sorted[0];
  const ids = profile.projectors.map((p) => p.id);

  for (const p of profile.projectors) {
    const wanted = p.display?.id;
    if (wanted !== undefined && !sorted.some((d) => sameId(d.id, wanted))) {
      warnings.push(`Projector ${p.id}: display id ${wanted} from the profile was not found (found ${plural(sorted.length, 'display')}: ${sorted.map((d) => d.id).join(', ') || 'none'}).`);
    }
  }

  if (primary === undefined || sorted.length < ids.length) {
    warnings.push(
      `Found ${plural(sorted.length, 'usable display')} but the profile has ${plural(ids.length, 'projector')}: ` +
        'showing all outputs tiled in one preview window. Connect the projectors as separate displays for the show.',
    );
    const home = primary?.bounds ?? FALLBACK_BOUNDS;
    return { mode: 'preview', outputs: [], preview: { bounds: centred(home, PREVIEW_SIZE), projectorIds: ids }, control: { bounds: { ...home } }, warnings };
  }

  const taken = new Map<string, string>(); // display id → projector id
  const chosen = new Map<string, { display: DisplayInfo; reason: AssignmentReason }>();
  const reservePrimary = options.controlOnPrimary;
  const take = (projectorId: string, display: DisplayInfo, reason: AssignmentReason): void => {
    taken.set(String(display.id), projectorId);
    chosen.set(projectorId, { display, reason });
  };
  const free = (d: DisplayInfo): boolean => !taken.has(String(d.id));

  // Explicit profile ids first, across all projectors, so a fallback never steals a display a later projector names.
  for (const p of profile.projectors) {
    const wanted = p.display?.id;
    if (wanted === undefined) continue;
    const d = sorted.find((x) => sameId(x.id, wanted));
    if (d === undefined) continue;
    if (free(d)) take(p.id, d, 'profile-id');
    else warnings.push(`Projector ${p.id}: display ${wanted} from the profile is already used by projector ${taken.get(String(d.id))}.`);
  }
  // A remembered choice never puts an output on the primary display while it keeps the control window.
  for (const p of profile.projectors) {
    const last = remembered[p.id];
    if (chosen.has(p.id) || last === undefined) continue;
    const d = sorted.find((x) => sameId(x.id, last));
    if (d !== undefined && free(d) && !(reservePrimary && d === primary)) take(p.id, d, 'remembered');
  }
  for (const p of profile.projectors) {
    const index = p.display?.index;
    if (chosen.has(p.id) || index === undefined) continue;
    const d = sorted[index];
    if (d === undefined) warnings.push(`Projector ${p.id}: display index ${index} from the profile does not exist (found ${plural(sorted.length, 'display')}, counted from 0 left to right).`);
    else if (free(d)) take(p.id, d, 'profile-index');
    else warnings.push(`Projector ${p.id}: display index ${index} is already used by projector ${taken.get(String(d.id))}.`);
  }
  const byPosition = reservePrimary ? [...sorted.filter((d) => d !== primary), primary] : sorted;
  for (const p of profile.projectors) {
    if (chosen.has(p.id)) continue;
    const d = byPosition.find(free);
    // Unreachable while there are at least as many displays as projectors; kept as a guard, not a silent drop.
    if (d === undefined) throw new Error(`planWindows: no free display left for projector ${p.id}`);
    take(p.id, d, 'position');
  }

  const outputs: PlannedOutput[] = profile.projectors.map((p) => {
    const { display, reason } = chosen.get(p.id)!;
    const px = { width: Math.round(display.bounds.width * display.scaleFactor), height: Math.round(display.bounds.height * display.scaleFactor) };
    if (px.width !== p.resolution.width || px.height !== p.resolution.height) {
      warnings.push(`Projector ${p.id}: display ${display.id} is ${px.width}×${px.height} pixels but the profile expects ${p.resolution.width}×${p.resolution.height}.`);
    }
    if (reservePrimary && display === primary) warnings.push(`Projector ${p.id} uses the primary display, which also holds the control window.`);
    return { projectorId: p.id, displayId: display.id, bounds: { ...display.bounds }, reason };
  });
  const controlHome = reservePrimary ? primary : (sorted.find((d) => !taken.has(String(d.id))) ?? primary);
  return { mode: 'outputs', outputs, preview: null, control: { bounds: { ...controlHome.bounds } }, warnings };
}

/** Reads remembered assignments from parsed JSON, keeping only projector id → string or number entries; anything else gives `{}`. */
export function parseRememberedDisplays(value: unknown): RememberedDisplays {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return {};
  // fromEntries defines own properties, so a "__proto__" key stays data and never touches the prototype.
  return Object.fromEntries(Object.entries(value).filter(([, v]) => typeof v === 'string' || (typeof v === 'number' && Number.isFinite(v))));
}

/** The assignments worth remembering for next run (projector id → display id); empty in preview mode. */
export function rememberAssignments(plan: WindowPlan): RememberedDisplays {
  return Object.fromEntries(plan.outputs.map((o) => [o.projectorId, o.displayId]));
}
