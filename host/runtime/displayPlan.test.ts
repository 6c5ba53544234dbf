import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseRememberedDisplays, planWindows, rememberAssignments, sortDisplays, type DisplayInfo, type ProfileDisplays } from './displayPlan.ts';

type Choice = { id?: number | string; index?: number };

const profile = (...choices: (Choice | undefined)[]): ProfileDisplays => ({
  projectors: choices.map((display, i) => ({ id: `P0${i + 1}`, resolution: { width: 1920, height: 1080 }, ...(display ? { display } : {}) })),
});

const display = (id: number | string, x: number, primary = false, y = 0): DisplayInfo => ({ id, bounds: { x, y, width: 1920, height: 1080 }, scaleFactor: 1, primary });

/** Primary at the left, then three projector displays; listed in a scrambled order like some OSes do. */
const fourDisplays = (): DisplayInfo[] => [display(300, 3840), display(100, 0, true), display(400, 5760), display(200, 1920)];

const onControl = { controlOnPrimary: true };
const summary = (plan: ReturnType<typeof planWindows>) => plan.outputs.map((o) => [o.projectorId, o.displayId, o.reason]);

describe('planWindows', () => {
  it('falls back to one tiled preview when one display serves three projectors, and says why', () => {
    const plan = planWindows(profile(undefined, undefined, undefined), [display(1, 0, true)], {}, onControl);
    expect(plan.mode).toBe('preview');
    expect(plan.outputs).toEqual([]);
    expect(plan.preview).toEqual({ bounds: { x: 320, y: 140, width: 1280, height: 800 }, projectorIds: ['P01', 'P02', 'P03'] });
    expect(plan.control.bounds).toEqual({ x: 0, y: 0, width: 1920, height: 1080 });
    expect(plan.warnings).toHaveLength(1);
    expect(plan.warnings[0]).toMatch(/Found 1 usable display but the profile has 3 projectors/);
    expect(rememberAssignments(plan)).toEqual({});
  });

  it('sizes the preview to a display smaller than 1280×800', () => {
    const small: DisplayInfo = { id: 'lcd', bounds: { x: 10, y: 20, width: 1024, height: 600 }, scaleFactor: 1, primary: true };
    expect(planWindows(profile(undefined, undefined), [small], {}, onControl).preview?.bounds).toEqual({ x: 10, y: 20, width: 1024, height: 600 });
  });

  it('places outputs left to right on the non-primary displays when the profile says nothing', () => {
    const plan = planWindows(profile(undefined, undefined, undefined), fourDisplays(), {}, onControl);
    expect(plan.mode).toBe('outputs');
    expect(summary(plan)).toEqual([
      ['P01', 200, 'position'],
      ['P02', 300, 'position'],
      ['P03', 400, 'position'],
    ]);
    expect(plan.outputs[0]!.bounds).toEqual({ x: 1920, y: 0, width: 1920, height: 1080 });
    expect(plan.control.bounds.x).toBe(0);
    expect(plan.preview).toBeNull();
    expect(plan.warnings).toEqual([]);
  });

  it('honours profile display ids, even given as text', () => {
    const plan = planWindows(profile({ id: 400 }, { id: '300' }, { id: 200 }), fourDisplays(), {}, onControl);
    expect(summary(plan)).toEqual([
      ['P01', 400, 'profile-id'],
      ['P02', 300, 'profile-id'],
      ['P03', 200, 'profile-id'],
    ]);
    expect(plan.warnings).toEqual([]);
  });

  it('uses profile indexes counted over all displays left to right', () => {
    const plan = planWindows(profile({ index: 3 }, { index: 2 }, { index: 1 }), fourDisplays(), {}, onControl);
    expect(summary(plan)).toEqual([
      ['P01', 400, 'profile-index'],
      ['P02', 300, 'profile-index'],
      ['P03', 200, 'profile-index'],
    ]);
  });

  it('prefers remembered displays to indexes, and the profile id to both', () => {
    const plan = planWindows(profile({ id: 200, index: 3 }, { index: 1 }, undefined), fourDisplays(), { P01: 400, P02: 300, P03: 400 }, onControl);
    expect(summary(plan)).toEqual([
      ['P01', 200, 'profile-id'],
      ['P02', 300, 'remembered'],
      ['P03', 400, 'remembered'],
    ]);
  });

  it('does not let a remembered choice take the primary display from the control window', () => {
    const plan = planWindows(profile(undefined, undefined, undefined), fourDisplays(), { P01: 100 }, onControl);
    expect(summary(plan)).toEqual([
      ['P01', 200, 'position'],
      ['P02', 300, 'position'],
      ['P03', 400, 'position'],
    ]);
  });

  it('falls back when a profile id is missing and names the projector in a warning', () => {
    const plan = planWindows(profile({ id: 999, index: 3 }, { id: 'HDMI-9' }, undefined), fourDisplays(), {}, onControl);
    expect(summary(plan)).toEqual([
      ['P01', 400, 'profile-index'],
      ['P02', 200, 'position'],
      ['P03', 300, 'position'],
    ]);
    expect(plan.warnings).toHaveLength(2);
    expect(plan.warnings[0]).toMatch(/^Projector P01: display id 999 from the profile was not found/);
    expect(plan.warnings[1]).toMatch(/^Projector P02: display id HDMI-9 /);
  });

  it('still warns about missing ids in preview mode', () => {
    const plan = planWindows(profile({ id: 7 }, undefined), [display(1, 0, true)], {}, onControl);
    expect(plan.mode).toBe('preview');
    expect(plan.warnings.some((w) => w.startsWith('Projector P01: display id 7'))).toBe(true);
  });

  it('uses the primary display for an output only when no other is free', () => {
    const three = [display(30, 3840), display(10, 0, true), display(20, 1920)];
    const plan = planWindows(profile(undefined, undefined, undefined), three, {}, onControl);
    expect(summary(plan)).toEqual([
      ['P01', 20, 'position'],
      ['P02', 30, 'position'],
      ['P03', 10, 'position'],
    ]);
    expect(plan.control.bounds.x).toBe(0);
    expect(plan.warnings).toEqual(['Projector P03 uses the primary display, which also holds the control window.']);
  });

  it('without controlOnPrimary, fills displays left to right and puts control on a display left over', () => {
    const plan = planWindows(profile(undefined, undefined), fourDisplays(), {}, { controlOnPrimary: false });
    expect(summary(plan)).toEqual([
      ['P01', 100, 'position'],
      ['P02', 200, 'position'],
    ]);
    expect(plan.control.bounds.x).toBe(3840);
  });

  it('warns when two projectors name the same display and gives the second another one', () => {
    const plan = planWindows(profile({ id: 300 }, { id: 300 }, undefined), fourDisplays(), {}, onControl);
    expect(summary(plan)).toEqual([
      ['P01', 300, 'profile-id'],
      ['P02', 200, 'position'],
      ['P03', 400, 'position'],
    ]);
    expect(plan.warnings).toEqual(['Projector P02: display 300 from the profile is already used by projector P01.']);
  });

  it('warns when the display does not have the projector resolution in device pixels', () => {
    const hiDpi: DisplayInfo = { id: 5, bounds: { x: 1920, y: 0, width: 1280, height: 720 }, scaleFactor: 1.5, primary: false };
    const lowRes: DisplayInfo = { id: 6, bounds: { x: 3200, y: 0, width: 1280, height: 800 }, scaleFactor: 1, primary: false };
    const plan = planWindows(profile(undefined, undefined), [display(1, 0, true), lowRes, hiDpi], {}, onControl);
    expect(summary(plan)).toEqual([
      ['P01', 5, 'position'],
      ['P02', 6, 'position'],
    ]);
    expect(plan.warnings).toEqual(['Projector P02: display 6 is 1280×800 pixels but the profile expects 1920×1080.']);
  });

  it('ignores displays with no area and duplicate ids', () => {
    const broken: DisplayInfo = { id: 9, bounds: { x: 100, y: 0, width: 0, height: 1080 }, scaleFactor: 1, primary: false };
    const plan = planWindows(profile(undefined, undefined, undefined), [display(1, 0, true), broken, display(2, 1920), display(2, 1920)], {}, onControl);
    expect(plan.mode).toBe('preview');
    expect(plan.warnings).toHaveLength(2);
    expect(plan.warnings[0]).toMatch(/^Display 9 reports no usable area/);
    expect(plan.warnings[1]).toMatch(/^Found 2 usable displays but the profile has 3 projectors/);
  });

  it('sorts displays left to right, then top to bottom, whatever order they come in', () => {
    const ds = [display('c', 1920, false, 1080), display('a', 0), display('d', 3840), display('b', 1920, false, 0)];
    expect(sortDisplays(ds).map((d) => d.id)).toEqual(['a', 'b', 'c', 'd']);
    expect(sortDisplays([...ds].reverse()).map((d) => d.id)).toEqual(['a', 'b', 'c', 'd']);
  });

  it('never puts two outputs on one display and never changes with the listing order', () => {
    const choice = fc.option(fc.record({ id: fc.option(fc.integer({ min: 0, max: 7 }), { nil: undefined }), index: fc.option(fc.integer({ min: 0, max: 7 }), { nil: undefined }) }), { nil: undefined });
    fc.assert(
      fc.property(
        fc.array(choice, { minLength: 1, maxLength: 6 }),
        fc.uniqueArray(fc.integer({ min: 0, max: 7 }), { minLength: 1, maxLength: 8 }),
        fc.dictionary(fc.constantFrom('P01', 'P02', 'P03', 'P04'), fc.integer({ min: 0, max: 7 })),
        fc.boolean(),
        (choices, ids, remembered, controlOnPrimary) => {
          const displays = ids.map((id, i) => display(id, (id * 7 + i) % 8 * 1920, i === 0));
          const p = profile(...choices);
          const plan = planWindows(p, displays, remembered, { controlOnPrimary });
          if (plan.mode === 'preview') return displays.length < p.projectors.length && plan.outputs.length === 0;
          const used = plan.outputs.map((o) => String(o.displayId));
          const again = planWindows(p, [...displays].reverse(), remembered, { controlOnPrimary });
          return new Set(used).size === used.length && plan.outputs.length === p.projectors.length && JSON.stringify(again) === JSON.stringify(plan);
        },
      ),
    );
  });
});

describe('remembered assignments', () => {
  it('round-trip through JSON', () => {
    const plan = planWindows(profile({ id: 400 }, undefined, undefined), fourDisplays(), {}, onControl);
    const saved = JSON.parse(JSON.stringify(rememberAssignments(plan))) as unknown;
    expect(parseRememberedDisplays(saved)).toEqual({ P01: 400, P02: 200, P03: 300 });
    expect(summary(planWindows(profile(undefined, undefined, undefined), fourDisplays(), parseRememberedDisplays(saved), onControl))).toEqual([
      ['P01', 400, 'remembered'],
      ['P02', 200, 'remembered'],
      ['P03', 300, 'remembered'],
    ]);
  });

  it('drop anything that is not a display id', () => {
    expect(parseRememberedDisplays(null)).toEqual({});
    expect(parseRememberedDisplays([1, 2])).toEqual({});
    expect(parseRememberedDisplays(JSON.parse('{"P01": 3, "P02": {"x": 1}, "P03": "HDMI-1", "__proto__": 4}'))).toEqual(
      Object.fromEntries([['P01', 3], ['P03', 'HDMI-1'], ['__proto__', 4]]),
    );
  });
});
