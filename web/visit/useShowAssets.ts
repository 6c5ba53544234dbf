import { useEffect, useState } from 'react';
import { ImageAssets } from '../../engine/render/content/ImageAssets.ts';
import type { ContentAssets } from '../../engine/render/content/ContentCompositor.ts';
import type { VisitDocuments } from './VisitSession.ts';

/** The images of one documents generation, and what could not be loaded. */
export interface LoadedAssets {
  readonly generation: number;
  readonly assets: ContentAssets;
  readonly problems: string[];
}

/** The show's image layers, loaded once per documents generation (or `given`, as tests pass their own). */
export function useShowAssets(docs: VisitDocuments | null, given: ContentAssets | undefined): LoadedAssets | null {
  const [assets, setAssets] = useState<LoadedAssets | null>(null);
  useEffect(() => {
    if (!docs) return;
    if (given) return setAssets({ generation: docs.generation, assets: given, problems: [] });
    let live = true;
    const a = new ImageAssets();
    void a.preload(docs.show).then(() => live && setAssets({ generation: docs.generation, assets: a, problems: a.problems }));
    return () => {
      live = false;
    };
  }, [docs, given]);
  return assets;
}
