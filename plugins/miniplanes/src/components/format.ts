/** Memory in bytes, as people read it: 192 GiB. */
export function formatMemory(bytes: number): string {
  const gib = bytes / 2 ** 30;
  return gib >= 1024
    ? `${(gib / 1024).toFixed(1)} TiB`
    : `${Math.round(gib)} GiB`;
}

export function formatCpu(cores: number): string {
  return `${Math.round(cores * 10) / 10} cores`;
}
