/** Size of a node on the canvas (step-node.vue's CSS uses the same width). */
export const NODE = { width: 240, height: 96, columnGap: 60, rowGap: 70 } as const;

export interface LayoutEdge {
  from: string;
  to: string;
}

/**
 * A layered layout, top to bottom: each node sits one layer below the deepest node leading to
 * it (longest path from the roots), so every edge points down. Within a layer, nodes are ordered
 * by the mean position of their parents (one barycenter pass), which keeps branches apart and
 * crossings few; each layer is centred on x = 0. Cycles (a draft may hold one) are broken where
 * the walk meets them; nodes nothing leads to start at layer 0 beside the first node.
 */
export function layeredLayout(
  nodes: readonly string[],
  edges: readonly LayoutEdge[],
): Map<string, { x: number; y: number }> {
  const known = new Set(nodes);
  const parents = new Map<string, string[]>(nodes.map((n) => [n, []]));
  for (const edge of edges) if (known.has(edge.from) && known.has(edge.to)) parents.get(edge.to)!.push(edge.from);

  const layer = new Map<string, number>();
  const visiting = new Set<string>();
  const layerOf = (node: string): number => {
    const done = layer.get(node);
    if (done !== undefined) return done;
    if (visiting.has(node)) return 0;
    visiting.add(node);
    const above = parents.get(node)!.map(layerOf);
    visiting.delete(node);
    const value = above.length ? 1 + Math.max(...above) : 0;
    layer.set(node, value);
    return value;
  };
  for (const node of nodes) layerOf(node);

  const layers: string[][] = [];
  for (const node of nodes) {
    const depth = layer.get(node)!;
    layers[depth] = [...(layers[depth] ?? []), node];
  }
  const order = new Map<string, number>();
  const positions = new Map<string, { x: number; y: number }>();
  layers.forEach((row, depth) => {
    const rank = (node: string) => {
      const placed = parents.get(node)!.filter((p) => order.has(p));
      return placed.length
        ? placed.reduce((sum, p) => sum + order.get(p)!, 0) / placed.length
        : Number.MAX_SAFE_INTEGER;
    };
    const sorted = [...row].sort((a, b) => rank(a) - rank(b));
    const width = sorted.length * NODE.width + (sorted.length - 1) * NODE.columnGap;
    sorted.forEach((node, i) => {
      order.set(node, i - (sorted.length - 1) / 2);
      positions.set(node, {
        x: -width / 2 + i * (NODE.width + NODE.columnGap),
        y: depth * (NODE.height + NODE.rowGap),
      });
    });
  });
  return positions;
}
