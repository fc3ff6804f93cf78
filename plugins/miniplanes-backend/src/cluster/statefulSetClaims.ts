import { makesStorageClaims } from '@miniplanes/plugin-miniplanes-common';

type StatefulSetLike = {
  apiVersion: string;
  kind: string;
  metadata: { name: string };
  spec?: unknown;
};

/**
 * The names of the claims a StatefulSet's controller makes from its
 * volumeClaimTemplates, as patterns (`<template>-<statefulset>-<ordinal>`),
 * or none when it makes no claims.
 */
export function claimNamePatterns(statefulSet: StatefulSetLike): string[] {
  if (!makesStorageClaims(statefulSet)) return [];
  const spec = statefulSet.spec as {
    volumeClaimTemplates: { metadata?: { name?: string } }[];
  };
  return spec.volumeClaimTemplates.map(
    t => `${t.metadata?.name}-${statefulSet.metadata.name}-<ordinal>`,
  );
}
