/**
 * The pure audio core: show audio clips resolved per language, indexed by time, their gain and source
 * position as functions of show time, the AudioContext ↔ epoch clock map, drift correction, and the
 * speaker plan (delays, routing, fold-down). The Tone.js engine (engine/audio) applies what this computes.
 */
export { audioVoices, audioClipAssets, DEFAULT_FADE_EASE, type AudioVoice, type AudioVoiceList, type GainKeyframe, type VoiceFade, type VoiceSource } from './audioVoices.ts';
export { AudioVoiceIndex } from './AudioVoiceIndex.ts';
export { dbToGain, gainToDb, sourcePositionAt, voiceGainAt, voiceGainCurve } from './voiceTiming.ts';
export { AudioClockMap, type AudioClockMapOptions } from './AudioClockMap.ts';
export { DriftCorrector, type DriftCorrectorOptions } from './DriftCorrector.ts';
export { simulateDrift, type DriftResult, type DriftScenario } from './simulateDrift.ts';
export { routeProblems } from './routeProblems.ts';
export { azimuthFromEye, deviceGains, foldDownMatrix, routeGains, SPEED_OF_SOUND_MPS, speakerPlan, wrapDeg, type PlannedSpeaker, type SpeakerPlan, type Vec3M } from './speakerPlan.ts';
export { SYNTH_INSTRUMENTS, SYNTH_PARAMS, synthParams, type SynthInstrument, type SynthParamSpec } from './synthSpecs.ts';
