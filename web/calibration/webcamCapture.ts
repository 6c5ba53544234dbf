import { frameAsTestPattern, type GrayImage, type StructuredFrame } from '../../calibration/structured/grayCode.ts';
import type { CaptureFn } from '../../calibration/structured/recalibrate.ts';
import type { CalibrationSession } from './CalibrationSession.ts';

/** Time (ms) given to the projector and the camera after the conductor shows a frame (display latency + exposure). */
export const WEBCAM_SETTLE_MS = 500;
/** Longest wait (ms) for the conductor's status to report the frame on the projector. */
const PATTERN_TIMEOUT_MS = 5000;

/** Opens a camera through getUserMedia into a playing, muted video element. */
export async function openWebcam(deviceId?: string): Promise<HTMLVideoElement> {
  const stream = await navigator.mediaDevices.getUserMedia({ video: deviceId ? { deviceId: { exact: deviceId }, width: { ideal: 1920 } } : { width: { ideal: 1920 } }, audio: false });
  const video = document.createElement('video');
  video.muted = true;
  video.playsInline = true;
  video.srcObject = stream;
  await video.play();
  return video;
}

/** The current video frame as an 8-bit grey image (Rec. 709 luma of the sRGB values). */
export function grabGray(video: HTMLVideoElement): GrayImage {
  const width = video.videoWidth;
  const height = video.videoHeight;
  if (width === 0 || height === 0) throw new Error('webcam: the video has no frame yet (is the camera on?)');
  const canvas = new OffscreenCanvas(width, height);
  const ctx = canvas.getContext('2d', { willReadFrequently: true })!;
  ctx.drawImage(video, 0, 0, width, height);
  const rgba = ctx.getImageData(0, 0, width, height).data;
  const data = new Uint8Array(width * height);
  for (let i = 0, j = 0; j < data.length; i += 4, j++) data[j] = Math.round(0.2126 * rgba[i]! + 0.7152 * rgba[i + 1]! + 0.0722 * rgba[i + 2]!);
  return { width, height, data };
}

const samePattern = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

/**
 * A capture function for a real camera: puts the frame on the projector through the conductor
 * (testPattern), waits until the conductor's status reports it and then WEBCAM_SETTLE_MS more, and
 * grabs the video frame as grey. Any camera the browser offers works; the recalibration assumes it
 * stands at the profile's eye point, aimed at the projector's footprint.
 */
export function webcamCapture(session: CalibrationSession, video: HTMLVideoElement, projectorId: string, settleMs = WEBCAM_SETTLE_MS): CaptureFn {
  return async (frame: StructuredFrame) => {
    const pattern = frameAsTestPattern(frame);
    const r = await session.getState().pattern(projectorId, pattern);
    if (!r.ok) throw new Error(`webcam capture of ${projectorId}: the conductor refused the pattern: ${r.message}`);
    const t0 = performance.now();
    while (!samePattern(session.getState().calibration?.patterns[projectorId], pattern)) {
      if (performance.now() - t0 > PATTERN_TIMEOUT_MS) throw new Error(`webcam capture of ${projectorId}: the conductor did not report the pattern within ${PATTERN_TIMEOUT_MS / 1000} s`);
      await new Promise((ok) => setTimeout(ok, 50));
    }
    await new Promise((ok) => setTimeout(ok, settleMs));
    return grabGray(video);
  };
}
