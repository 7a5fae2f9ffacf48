// Whether the run form offers a Platform field: the image's platform against the engine's, and what to say about it (pure).
import { formatPlatform, parsePlatform, samePlatform, type Platform } from '../../../../app/parse/platform.js';

export interface PlatformAdvice {
  /** Show the field: the image is of another platform than the engine, or a platform was typed (or pasted). */
  show: boolean;
  /** `linux/arm64/v8`, when known. */
  image?: string | undefined;
  engine?: string | undefined;
  /** Why it matters, when the two differ. */
  note?: string | undefined;
  /** The image's own platform, offered as a one-click value when the field does not say it yet. */
  suggestion?: string | undefined;
}

/** An image's platform from its inspect JSON (`Os`, `Architecture`, `Variant`), when it names one. */
export function imagePlatform(inspect: Record<string, unknown> | undefined): Platform | undefined {
  const os = inspect?.Os;
  const architecture = inspect?.Architecture;
  if (typeof os !== 'string' || typeof architecture !== 'string' || !os || !architecture) return undefined;
  const variant = typeof inspect?.Variant === 'string' && inspect.Variant ? inspect.Variant : undefined;
  return variant ? { os, architecture, variant } : { os, architecture };
}

const tryParse = (s: string): Platform | undefined => {
  try {
    return parsePlatform(s);
  } catch {
    return undefined;
  }
};

export function platformAdvice(image: Platform | undefined, engine: { os: string; arch: string } | undefined, typed: string): PlatformAdvice {
  const eng = engine ? (tryParse(`${engine.os}/${engine.arch}`) ?? { os: engine.os, architecture: engine.arch }) : undefined;
  const img = image ? formatPlatform(image) : undefined;
  const differs = image !== undefined && eng !== undefined && !samePlatform(image, eng);
  const asTyped = tryParse(typed);
  const advice: PlatformAdvice = { show: differs || typed.trim() !== '', image: img, engine: eng ? formatPlatform(eng) : undefined };
  if (differs && img && eng) {
    advice.note = `This image is ${img}; the engine runs ${formatPlatform(eng)}. It runs only where the engine emulates ${image.architecture} (QEMU registered with binfmt_misc); otherwise it fails with "exec format error".`;
    if (!asTyped || !samePlatform(asTyped, image) || asTyped.variant !== image.variant) advice.suggestion = img;
  }
  return advice;
}
