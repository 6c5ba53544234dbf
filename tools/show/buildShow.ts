/**
 * npm run show:dien-bien-phu
 * Writes `shows/dien-bien-phu.show.json` from the placeholder landscape (where each place is), the
 * narration (texts, and the real lengths of the recordings in assets/audio/narration) and the light
 * design below: a dim wash as visitors enter, narration-led spots round the hall, artillery flashes
 * and fire on the hills, searchlights, rain and smoke shadows, the mine under A1, dawn on 7 May, the
 * flag over the bunker and a slow return to full light. Flash times come from a seeded stream, so the
 * file is the same on every run. The document is plain JSON: edit it by hand afterwards if you like;
 * running this again overwrites it.
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { hashString } from '../../engine/core/timeline/noise.ts';
import { ShowSchema } from '../../engine/core/show/showSchema.ts';
import { probeAudioFile } from '../../host/files/audioProbe.ts';
import { PLACES, hillAim, landscapeRegions, seeded } from './dienBienPhu/landscape.ts';
import { NARRATION, NARRATION_LANGUAGES } from './dienBienPhu/narration.ts';

const root = resolve(import.meta.dirname, '../..');
/** The painting the show lights; replace it by the imported scan (one path) when the museum's canvas is available. */
export const PAINTING_SRC = 'paintings/placeholder/tiles.json';
const DURATION_S = 780;
type P2 = [number, number];
type Json = Record<string, unknown>;
const r2 = (x: number) => Math.round(x * 100) / 100;
const r4 = (x: number) => Math.round(x * 1e4) / 1e4;

const chapters = [
  { id: 'ch1-nation', startS: 0, title: { vi: 'Toàn dân ra trận', en: 'The whole nation goes to battle', fr: 'Tout un peuple part au combat' } },
  { id: 'ch2-him-lam', startS: 200, title: { vi: 'Khúc dạo đầu hùng tráng', en: 'The heroic prelude: Him Lam', fr: 'Le prélude héroïque : Him Lam' } },
  { id: 'ch3-a1', startS: 380, title: { vi: 'Cuộc đối đầu lịch sử', en: 'The historic confrontation: Hill A1', fr: "L'affrontement historique : la colline A1" } },
  { id: 'ch4-victory', startS: 590, title: { vi: 'Chiến thắng Điện Biên Phủ', en: 'Victory at Dien Bien Phu', fr: 'La victoire de Diên Biên Phu' } },
];

/** Narration clips, each as long as its longest recording plus a breath. */
function narrationClips(): { clips: Json[]; lengthS: Map<string, number> } {
  const lengthS = new Map<string, number>();
  const clips = NARRATION.map((line) => {
    const variants: Json = {};
    let longest = 0;
    for (const lang of NARRATION_LANGUAGES) {
      const src = `audio/narration/${lang}/${line.id}.ogg`;
      const probe = probeAudioFile(resolve(root, 'assets', src));
      if (!probe.ok || probe.durationS === null) throw new Error(`assets/${src} ${probe.ok ? 'has no known length' : probe.reason} (run npm run assets:voices)`);
      longest = Math.max(longest, probe.durationS);
      variants[lang] = { src, text: line[lang] };
    }
    const durationS = r2(longest + 0.5);
    lengthS.set(line.id, durationS);
    return { id: line.id, startS: line.startS, durationS, fadeOutS: 0.3, source: { type: 'narration', variants, fallback: 'en' } };
  });
  clips.forEach((c, i) => {
    const next = clips[i + 1];
    if (next && c.startS + c.durationS > next.startS) throw new Error(`narration ${c.id} (${c.durationS} s from ${c.startS} s) runs into ${next.id} at ${next.startS} s: move it`);
  });
  return { clips, lengthS };
}

/** A spot that follows the narration from place to place (keyframed centre), fading in and out. */
function spot(id: string, startS: number, durationS: number, path: P2[], opts: { radius?: number; intensity?: number; region?: string; color?: number[] } = {}): Json {
  const center = path.length === 1 ? path[0] : { keyframes: path.map((p, i) => ({ t: r2((durationS * i) / (path.length - 1)), v: [r4(p[0]), r4(p[1])], ...(i > 0 ? { ease: 'sine.inOut' } : {}) })) };
  return {
    id,
    effect: 'spot',
    startS: r2(startS),
    durationS: r2(durationS),
    fadeInS: 1.5,
    fadeOutS: 2,
    ...(opts.region ? { region: opts.region } : {}),
    params: { intensity: opts.intensity ?? 0.9, color: opts.color ?? [1, 0.94, 0.82], radius: opts.radius ?? 0.22, softness: 0.7, center },
  };
}

/** A barrage: seeded flashes round a point between t0 and t1, `perS` a second on average. */
function barrage(id: string, t0: number, t1: number, at: P2, spreadU: number, perS: number, peak: number, region?: string): Json[] {
  const rnd = seeded(hashString(id));
  const out: Json[] = [];
  let t = t0 + rnd() / perS;
  let n = 0;
  while (t < t1 - 1) {
    const d = 0.35 + rnd() * 0.5;
    const c: P2 = [at[0] + (rnd() * 2 - 1) * spreadU, at[1] + (rnd() * 2 - 1) * spreadU * 2];
    out.push({
      id: `${id}-${String(++n).padStart(3, '0')}`,
      effect: 'flash',
      startS: r2(t),
      durationS: r2(d),
      ...(region ? { region } : {}),
      params: { center: [r4(c[0]), r4(c[1])], radius: r2(0.05 + rnd() * 0.07), intensity: { keyframes: [{ t: 0, v: 0 }, { t: 0.04, v: r2(peak * (0.6 + rnd() * 0.4)) }, { t: r2(d), v: 0, ease: 'expo.out' }] } },
    });
    t += (0.3 + rnd() * 1.4) / perS;
  }
  return out;
}

/** Fire on a hill: flickering light masked by the hill's region. */
function fire(id: string, startS: number, durationS: number, hill: string, intensity: number): Json {
  const [u, v] = hillAim(hill);
  return { id, effect: 'flicker', startS, durationS, fadeInS: 6, fadeOutS: 10, region: hill, params: { center: [r4(u), r4(v - 0.06)], radius: 0.35, intensity, amount: 0.65, frequencyHz: 5 } };
}

function synth(id: string, startS: number, durationS: number, instrument: string, seedName: string, gainDb: number, params: Json, fade: [number, number] = [4, 6]): Json {
  return { id, startS, durationS, fadeInS: fade[0], fadeOutS: fade[1], source: { type: 'synth', instrument, seed: hashString(seedName), params }, params: { gainDb } };
}

const road = PLACES.road as unknown as P2[];

/** The hall wash (entrance, night, monsoon, dawn, full light) and the dawn sky. */
function washClips(): Json[] {
  const wash = {
    id: 'wash-hall',
    effect: 'wash',
    startS: 0,
    durationS: DURATION_S,
    fadeInS: 3,
    params: {
      intensity: {
        keyframes: [
          { t: 0, v: 0.35 },
          { t: 36, v: 0.35, ease: 'hold' },
          { t: 44, v: 0.2, ease: 'sine.inOut' },
          { t: 190, v: 0.2, ease: 'hold' },
          { t: 205, v: 0.07, ease: 'power2.inOut' },
          { t: 380, v: 0.07, ease: 'hold' },
          { t: 390, v: 0.1, ease: 'sine.inOut' },
          { t: 590, v: 0.1, ease: 'hold' },
          { t: 598, v: 0.05, ease: 'sine.inOut' },
          { t: 630, v: 0.05, ease: 'hold' },
          { t: 700, v: 0.35, ease: 'sine.inOut' },
          { t: 722, v: 0.4, ease: 'sine.inOut' },
          { t: 772, v: 1, ease: 'power1.inOut' },
        ],
      },
      color: {
        keyframes: [
          { t: 0, v: [1, 0.86, 0.66] },
          { t: 190, v: [1, 0.8, 0.6], ease: 'hold' },
          { t: 205, v: [0.45, 0.55, 1], ease: 'sine.inOut' },
          { t: 380, v: [0.45, 0.55, 1], ease: 'hold' },
          { t: 392, v: [0.6, 0.66, 0.8], ease: 'sine.inOut' },
          { t: 598, v: [0.4, 0.5, 1], ease: 'sine.inOut' },
          { t: 630, v: [0.4, 0.5, 1], ease: 'hold' },
          { t: 680, v: [1, 0.62, 0.38], ease: 'sine.inOut' },
          { t: 722, v: [1, 0.85, 0.66], ease: 'sine.inOut' },
          { t: 772, v: [1, 0.97, 0.92], ease: 'sine.inOut' },
        ],
      },
    },
  };
  const dawnSky = { id: 'dawn-sky', effect: 'wash', startS: 630, durationS: 110, fadeInS: 30, fadeOutS: 40, region: 'sky', params: { intensity: 0.35, color: [1, 0.55, 0.4] } };

  return [wash, dawnSky];
}

/** Spots that follow the narration round the hall, each as long as its narration. */
function narrationSpots(lengthS: ReadonlyMap<string, number>): Json[] {
  const len = (id: string) => lengthS.get(id)!;
  const at = (id: string) => NARRATION.find((n) => n.id === id)!.startS;
  const a = PLACES.airstrip;
  const spots = [
    spot('spot-camp', at('n01-welcome') - 1, len('n01-welcome') + 2, [PLACES.camp as unknown as P2, [a.u0, a.v], [(a.u0 + a.u1) / 2, a.v], PLACES.bunker as unknown as P2], { radius: 0.28 }),
    spot('spot-road', at('n02-nation') - 1, len('n02-nation') + 2, [road[0]!, road[2]!, road[4]!, road[6]!], { radius: 0.3 }),
    spot('spot-guns', at('n03-guns') - 1, len('n03-guns') + 2, [PLACES.guns[0] as unknown as P2, PLACES.guns[1] as unknown as P2], { radius: 0.25 }),
    spot('spot-him-lam', at('n04-him-lam') - 1, len('n04-him-lam') + 2, [hillAim('him-lam')], { radius: 0.25 }),
    spot('spot-doc-lap', at('n05-doc-lap') - 1, len('n05-doc-lap') + 2, [hillAim('doc-lap'), hillAim('doc-lap'), hillAim('ban-keo')], { radius: 0.22 }),
    spot('spot-east', at('n06-east') - 1, len('n06-east') + 2, [hillAim('dominique'), hillAim('c1'), hillAim('a1'), hillAim('eliane')], { radius: 0.24 }),
    spot('spot-a1', at('n07-a1') - 1, len('n07-a1') + 2, [hillAim('a1')], { radius: 0.22 }),
    spot('spot-airstrip', at('n08-monsoon') - 1, len('n08-monsoon') + 2, [[a.u1, a.v], [a.u0, a.v], hillAim('a1')], { radius: 0.25, intensity: 0.7 }),
    spot('spot-a1-mine', at('n09-explosion') - 1, len('n09-explosion') + 2, [hillAim('a1')], { radius: 0.2, intensity: 0.6 }),
    spot('spot-bunker', at('n10-victory') - 1, len('n10-victory') + 2, [PLACES.bridge as unknown as P2, PLACES.bunker as unknown as P2, PLACES.bunker as unknown as P2], { radius: 0.22 }),
  ];

  return spots;
}

/** The battle: the porters' lanterns, barrages, fires, the mine under A1, the flag. */
function battleClips(): Json[] {
  // Lanterns of the porters on the road at dusk (section 1).
  const lanterns = [1, 2, 3, 4, 5].map((i) => {
    const [u0, v0] = road[i]!;
    return { id: `lantern-${i}`, effect: 'flicker', startS: 90 + i * 6, durationS: 100 - i * 6, fadeInS: 8, fadeOutS: 10, params: { center: [r4(u0), r4(v0 + 0.02)], radius: 0.05, intensity: 0.5, amount: 0.4, frequencyHz: 3, color: [1, 0.6, 0.25] } };
  });
  const himLam = hillAim('him-lam');
  const docLap = hillAim('doc-lap');
  const a1 = hillAim('a1');
  const effects = [
    ...lanterns,
    // 13 March 1954, 17:05: the barrage on Him Lam, the fire, then Độc Lập on the 14th–15th.
    ...barrage('him-lam-shells', 222, 300, himLam, 0.025, 0.8, 3, 'him-lam'),
    ...barrage('muzzle-north', 220, 330, [0.22, 0.42], 0.03, 0.35, 2),
    fire('him-lam-fire', 226, 110, 'him-lam', 0.9),
    ...barrage('doc-lap-shells', 292, 345, docLap, 0.02, 0.7, 3, 'doc-lap'),
    fire('doc-lap-fire', 298, 80, 'doc-lap', 0.8),
    fire('ban-keo-fire', 318, 50, 'ban-keo', 0.4),
    // 30 March – early May: the eastern hills.
    ...barrage('dominique-shells', 398, 440, hillAim('dominique'), 0.025, 0.6, 2.5, 'dominique'),
    ...barrage('c1-shells', 415, 470, hillAim('c1'), 0.02, 0.5, 2.5, 'c1'),
    ...barrage('a1-shells', 440, 590, a1, 0.03, 0.45, 2.5, 'a1'),
    ...barrage('eliane-shells', 470, 530, hillAim('eliane'), 0.02, 0.4, 2.5, 'eliane'),
    ...barrage('camp-shells', 500, 590, [0.84, 0.2], 0.05, 0.25, 2, 'camp'),
    fire('c1-fire', 412, 90, 'c1', 0.6),
    fire('a1-fire', 445, 160, 'a1', 0.8),
    // 6 May, 20:30: the mine under A1, the final assault, the fires of the camp.
    { id: 'a1-mine', effect: 'flash', startS: 609, durationS: 4, params: { center: [r4(a1[0]), r4(a1[1] + 0.04)], radius: 0.45, softness: 0.9, color: [1, 0.75, 0.45], intensity: { keyframes: [{ t: 0, v: 0 }, { t: 0.08, v: 4 }, { t: 4, v: 0, ease: 'power3.out' }] } } },
    fire('a1-burning', 610, 60, 'a1', 1.2),
    ...barrage('final-assault', 614, 656, [0.78, 0.26], 0.08, 0.6, 2.2),
    { id: 'camp-fires', effect: 'flicker', startS: 640, durationS: 80, fadeInS: 10, fadeOutS: 20, region: 'camp', params: { center: [0.86, 0.18], radius: 0.6, intensity: 0.5, amount: 0.5, frequencyHz: 4 } },
    // 7 May, 17:30: the flag over de Castries' bunker stays lit to the end.
    { id: 'flag-light', effect: 'spot', startS: 676, durationS: DURATION_S - 676, fadeInS: 4, params: { center: [r4(PLACES.flag[0] + 0.002), r4(PLACES.flag[1])], radius: 0.07, softness: 0.9, color: [1, 0.9, 0.8], intensity: { keyframes: [{ t: 0, v: 0 }, { t: 4, v: 1.6, ease: 'sine.out' }, { t: 50, v: 1.6, ease: 'hold' }, { t: 96, v: 0.6, ease: 'sine.inOut' }] } } },
  ];
  return effects;
}

/** The garrison's searchlights. */
function searchlightClips(): Json[] {
  const searchlights = [
    { id: 'searchlight-north', effect: 'searchlight', startS: 232, durationS: 120, fadeInS: 2, fadeOutS: 3, params: { origin: [0.86, 0.22], angleDeg: { keyframes: [{ t: 0, v: 172 }, { t: 30, v: 177, ease: 'sine.inOut' }, { t: 60, v: 171, ease: 'sine.inOut' }, { t: 90, v: 178, ease: 'sine.inOut' }, { t: 120, v: 173, ease: 'sine.inOut' }] }, widthDeg: 1.2, length: 4, intensity: 1.2 } },
    { id: 'searchlight-sky', effect: 'searchlight', startS: 240, durationS: 140, fadeInS: 2, fadeOutS: 3, params: { origin: [0.8, 0.22], angleDeg: { keyframes: [{ t: 0, v: 70 }, { t: 35, v: 115, ease: 'sine.inOut' }, { t: 70, v: 65, ease: 'sine.inOut' }, { t: 105, v: 120, ease: 'sine.inOut' }, { t: 140, v: 80, ease: 'sine.inOut' }] }, widthDeg: 3, length: 0.9, intensity: 1 } },
    { id: 'searchlight-east', effect: 'searchlight', startS: 400, durationS: 190, fadeInS: 2, fadeOutS: 3, params: { origin: [0.84, 0.2], angleDeg: { keyframes: [{ t: 0, v: 168 }, { t: 45, v: 174, ease: 'sine.inOut' }, { t: 95, v: 166, ease: 'sine.inOut' }, { t: 140, v: 175, ease: 'sine.inOut' }, { t: 190, v: 168, ease: 'sine.inOut' }] }, widthDeg: 1.5, length: 1.9, intensity: 1.2 } },
    { id: 'searchlight-last', effect: 'searchlight', startS: 598, durationS: 40, fadeInS: 2, fadeOutS: 6, params: { origin: [0.9, 0.2], angleDeg: { keyframes: [{ t: 0, v: 100 }, { t: 20, v: 140, ease: 'sine.inOut' }, { t: 40, v: 110, ease: 'sine.inOut' }] }, widthDeg: 3, length: 0.8, intensity: 1 } },
  ];
  return searchlights;
}

/** Smoke and rain shadows. */
function shadowClips(): Json[] {
  const shadows = [
    { id: 'smoke-him-lam', effect: 'haze', startS: 235, durationS: 140, fadeInS: 15, fadeOutS: 20, params: { intensity: 0.5, scale: 0.25, drift: [0.005, 0.002] } },
    { id: 'smoke-east', effect: 'haze', startS: 405, durationS: 185, fadeInS: 15, fadeOutS: 15, params: { intensity: 0.55, scale: 0.3, drift: [0.006, 0.0015] } },
    { id: 'monsoon-rain', effect: 'haze', startS: 495, durationS: 100, fadeInS: 8, fadeOutS: 10, params: { intensity: 0.35, scale: 0.012, drift: [0.002, -0.35] } },
    { id: 'smoke-camp', effect: 'haze', startS: 612, durationS: 100, fadeInS: 10, fadeOutS: 30, region: 'camp', params: { intensity: 0.45, scale: 0.2, drift: [0.004, 0.003] } },
  ];

  return shadows;
}

/** The synthesized bed and effects. */
function ambienceClips(): Json[] {
  const ambience = [
    synth('bed', 0, DURATION_S, 'rumble', 'dien-bien-phu/bed', -26, { cutoffHz: 70, modRateHz: 0.05, modDepth: 0.35 }, [10, 20]),
    synth('wind-mountains', 40, 160, 'wind', 'dien-bien-phu/wind-1', -22, { centerHz: 420, q: 1.2, gustPeriodS: 9, gustiness: 0.6 }),
    synth('guns-him-lam', 218, 130, 'artillery', 'dien-bien-phu/guns-1', -10, { intervalS: 1.6, jitter: 0.7, distanceKm: 4, decayS: 3 }),
    synth('roar-night', 220, 160, 'rumble', 'dien-bien-phu/roar-1', -18, { cutoffHz: 110, modRateHz: 0.2, modDepth: 0.5 }),
    synth('guns-east', 396, 194, 'artillery', 'dien-bien-phu/guns-2', -11, { intervalS: 2.2, jitter: 0.8, distanceKm: 3, decayS: 3.5 }),
    synth('monsoon-wind', 490, 105, 'wind', 'dien-bien-phu/monsoon', -18, { centerHz: 900, q: 0.8, gustPeriodS: 5, gustiness: 0.8 }),
    synth('mine-a1', 608.5, 8, 'artillery', 'dien-bien-phu/mine', -2, { intervalS: 0.25, jitter: 0.3, distanceKm: 1.2, decayS: 7 }, [0, 3]),
    synth('guns-final', 614, 44, 'artillery', 'dien-bien-phu/guns-3', -10, { intervalS: 1.1, jitter: 0.8, distanceKm: 2, decayS: 3 }),
    synth('dawn-wind', 640, 130, 'wind', 'dien-bien-phu/dawn', -24, { centerHz: 600, q: 1.5, gustPeriodS: 12, gustiness: 0.3 }, [20, 20]),
  ];

  return ambience;
}

/** Show control: house lights and the historical marks. */
function cueTrack(): Json {
  return {
    id: 'cues',
    type: 'cue',
    name: 'Show control',
    cues: [
      { id: 'house-entrance', atS: 0, action: { type: 'houseLights', level: 0.3 } },
      { id: 'house-down', atS: 38, action: { type: 'houseLights', level: 0 } },
      { id: 'mark-him-lam', atS: 222, action: { type: 'mark', label: '13 March 1954, 17:05: the guns open fire on Him Lam' } },
      { id: 'mark-second-offensive', atS: 398, action: { type: 'mark', label: '30 March 1954: the second offensive on the eastern hills' } },
      { id: 'mark-mine', atS: 609, action: { type: 'mark', label: '6 May 1954, 20:30: the mine under A1' } },
      { id: 'mark-flag', atS: 676, action: { type: 'mark', label: "7 May 1954, 17:30: the flag over de Castries' bunker" } },
      { id: 'house-up', atS: 772, action: { type: 'houseLights', level: 1 } },
    ],
  };
}

/** The whole show document, checked against the schema. */
export function buildShow(): Json {
  const { clips: narration, lengthS } = narrationClips();
  const wash = washClips();
  const spots = narrationSpots(lengthS);
  const effects = battleClips();
  const searchlights = searchlightClips();
  const shadows = shadowClips();
  const ambience = ambienceClips();
  const show = {
    $schema: './schema/show.schema.json',
    schemaVersion: 2,
    id: 'dien-bien-phu',
    title: { vi: 'Chiến thắng Điện Biên Phủ', en: 'The Dien Bien Phu Victory', fr: 'La victoire de Diên Biên Phu' },
    languages: ['vi', 'en', 'fr'],
    defaultLanguage: 'vi',
    durationS: DURATION_S,
    chapters,
    regions: landscapeRegions(),
    tracks: [
      { id: 'wash', type: 'light', name: 'Hall wash: entrance, night, monsoon, dawn, full light', clips: wash },
      { id: 'narration-spots', type: 'light', name: 'Spots led by the narration', clips: spots },
      { id: 'battle', type: 'light', name: 'Artillery flashes, fires, the mine under A1, the flag', clips: effects },
      { id: 'searchlights', type: 'light', name: "The garrison's searchlights", clips: searchlights },
      { id: 'shadows', type: 'light', name: 'Smoke and rain shadows', clips: shadows },
      { id: 'painting', type: 'image', name: `Painting image (PLACEHOLDER; the real scan replaces ${PAINTING_SRC})`, clips: [{ id: 'painting-image', startS: 0, durationS: DURATION_S, src: PAINTING_SRC, mode: 'painting' }] },
      { id: 'narration', type: 'audio', name: 'Narration (espeak-ng placeholder voices)', clips: narration },
      { id: 'ambience', type: 'audio', name: 'Synthesized bed and effects', clips: ambience },
      cueTrack(),
    ],
  };
  const parsed = ShowSchema.safeParse(show);
  if (!parsed.success) throw new Error(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('\n'));
  return show;
}

/** A value as one line of JSON with a space after each comma and colon between items (never inside strings). */
function oneLine(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(oneLine).join(', ')}]`;
  return `{${Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined).map(([k, v]) => `${JSON.stringify(k)}: ${oneLine(v)}`).join(', ')}}`;
}

/** JSON with two-space indents where a value's one-line form would pass 110 characters, so clips and keyframes stay readable. */
export function formatJson(value: unknown, indent = ''): string {
  const flat = oneLine(value);
  if (flat.length + indent.length <= 110 || value === null || typeof value !== 'object') return flat;
  const inner = indent + '  ';
  if (Array.isArray(value)) return `[\n${value.map((v) => inner + formatJson(v, inner)).join(',\n')}\n${indent}]`;
  const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
  return `{\n${entries.map(([k, v]) => `${inner}${JSON.stringify(k)}: ${formatJson(v, inner)}`).join(',\n')}\n${indent}}`;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  try {
    const show = buildShow();
    const file = resolve(root, 'shows/dien-bien-phu.show.json');
    writeFileSync(file, formatJson(show) + '\n');
    process.stdout.write(`wrote ${file}\n`);
  } catch (err) {
    process.stderr.write(`show:dien-bien-phu: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  }
}
