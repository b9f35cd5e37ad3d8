/**
 * The documents' outline rebuilt from the index: every heading path the chunks carry is a node,
 * with its own chunks and its sub-sections in document order. An extractive answer is a node of
 * this tree (a labelled block, an objective, an article), not a sentence picked by word overlap.
 */
import type { Chunk } from '../../core/types.js';

export interface TreeNode {
  key: string;
  file: string;
  /** Full heading texts from the document's top down to this node. */
  headings: string[];
  /** Short labels of the same path, as citations show them (« Objectif #18 »). */
  breadcrumb: string[];
  parent?: TreeNode;
  children: TreeNode[];
  /** Chunks whose section is exactly this node, in document order. */
  chunks: Chunk[];
  /** Document order of the node's first chunk (its own or a descendant's). */
  order: number;
}

function chunkOrdinal(chunk: Chunk): number {
  const ordinal = Number(chunk.id.slice(chunk.id.lastIndexOf('#') + 1));
  return Number.isFinite(ordinal) ? ordinal : 0;
}

/** The chunk's lines a reader needs once its headings are shown by the tree. */
export function bodyLines(chunk: Chunk): string[] {
  return chunk.text
    .split('\n')
    .slice(chunk.headingLines ?? 0)
    .map((line) => line.trimEnd())
    .filter((line) => line.trim() !== '');
}

export class DocumentTree {
  private readonly nodes = new Map<string, TreeNode>();
  private readonly nodeByChunk = new Map<string, TreeNode>();
  private readonly sizes = new Map<string, number>();

  constructor(chunks: Chunk[]) {
    // The chunks of one section share their headings array (index loading): its node is found
    // once, not by building and hashing its key for every chunk.
    const nodeByHeadings = new Map<readonly string[], TreeNode>();
    const ordinals = new Map<Chunk, number>();
    for (const chunk of chunks) {
      const order = chunkOrdinal(chunk);
      ordinals.set(chunk, order);
      let node = nodeByHeadings.get(chunk.headings);
      if (node && node.file === chunk.file) {
        if (order < node.order) node.order = order;
        if (chunk.breadcrumb.length > node.breadcrumb.length) node.breadcrumb = chunk.breadcrumb;
      } else {
        node = this.ensure(chunk.file, chunk.headings, chunk.breadcrumb, order);
        nodeByHeadings.set(chunk.headings, node);
      }
      node.chunks.push(chunk);
      this.nodeByChunk.set(chunk.id, node);
    }
    for (const node of this.nodes.values()) {
      node.chunks.sort((a, b) => ordinals.get(a)! - ordinals.get(b)!);
      node.children.sort((a, b) => a.order - b.order);
    }
  }

  private ensure(file: string, headings: string[], breadcrumb: string[], order: number): TreeNode {
    const key = `${file}::${headings.join(' › ')}`;
    let node = this.nodes.get(key);
    if (!node) {
      const parent = headings.length > 0 ? this.ensure(file, headings.slice(0, -1), breadcrumb.slice(0, -1), order) : undefined;
      node = { key, file, headings, breadcrumb, parent, children: [], chunks: [], order };
      this.nodes.set(key, node);
      parent?.children.push(node);
    }
    if (order < node.order) node.order = order;
    // A breadcrumb may fold repeated labels: keep the longest path seen for the node.
    if (breadcrumb.length > node.breadcrumb.length) node.breadcrumb = breadcrumb;
    return node;
  }

  /** Every node, parents before children. */
  allNodes(): TreeNode[] {
    return [...this.nodes.values()];
  }

  nodeOf(chunk: Chunk): TreeNode | undefined {
    return this.nodeByChunk.get(chunk.id);
  }

  /** The node's label: its own heading, or the document itself at the root. */
  static label(node: TreeNode): string {
    return node.breadcrumb.at(-1) ?? node.headings.at(-1) ?? '';
  }

  /** Every chunk under the node, in document order. */
  chunksUnder(node: TreeNode): Chunk[] {
    const out: Chunk[] = [...node.chunks];
    for (const child of node.children) out.push(...this.chunksUnder(child));
    return out.sort((a, b) => chunkOrdinal(a) - chunkOrdinal(b));
  }

  /** Characters the node takes once rendered (headings and bodies), memoised. */
  size(node: TreeNode): number {
    const known = this.sizes.get(node.key);
    if (known !== undefined) return known;
    let size = (node.headings.at(-1)?.length ?? 0) + 1;
    for (const chunk of node.chunks) size += bodyLines(chunk).reduce((sum, line) => sum + line.length + 1, 0);
    for (const child of node.children) size += this.size(child);
    this.sizes.set(node.key, size);
    return size;
  }

  /** Whether `node` is `ancestor` or lies under it. */
  static within(node: TreeNode, ancestor: TreeNode): boolean {
    for (let current: TreeNode | undefined = node; current; current = current.parent) if (current === ancestor) return true;
    return false;
  }
}
