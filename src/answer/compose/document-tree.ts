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
  const id = chunk.id;
  // The digits after the last « # », read in place (no substring per chunk); anything else: 0.
  let ordinal = 0;
  let scale = 1;
  let at = id.length - 1;
  for (; at >= 0; at -= 1) {
    const code = id.charCodeAt(at);
    if (code === 35) break; // #
    if (code < 48 || code > 57 || scale > 1e15) return slowOrdinal(id);
    ordinal += (code - 48) * scale;
    scale *= 10;
  }
  return at === id.length - 1 ? slowOrdinal(id) : ordinal;
}

function slowOrdinal(id: string): number {
  const ordinal = Number(id.slice(id.lastIndexOf('#') + 1));
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

/**
 * A node of the tree. Its children are found by their heading (a string decoded once and shared
 * by the chunks of a section, so its hash is computed once), never by a key joining the whole
 * path; the key is made only when asked for.
 */
class Node implements TreeNode {
  parent?: TreeNode;
  children: TreeNode[] = [];
  chunks: Chunk[] = [];
  #key: string | undefined;
  /** Child nodes by their last heading. */
  #next: Map<string, Node> | undefined;
  /** The ordinal of the last chunk added, and whether the chunks came out of order. */
  #lastOrdinal = -Infinity;
  #unsorted = false;

  constructor(
    readonly file: string,
    public headings: string[],
    public breadcrumb: string[],
    public order: number,
    parent: Node | undefined,
  ) {
    if (parent) this.parent = parent;
  }

  get key(): string {
    this.#key ??= `${this.file}::${this.headings.join(' › ')}`;
    return this.#key;
  }

  child(heading: string): Node | undefined {
    return this.#next?.get(heading);
  }

  adopt(heading: string, node: Node): void {
    this.#next ??= new Map();
    this.#next.set(heading, node);
    this.children.push(node);
  }

  addChunk(chunk: Chunk, ordinal: number): void {
    if (ordinal < this.#lastOrdinal) this.#unsorted = true;
    else this.#lastOrdinal = ordinal;
    this.chunks.push(chunk);
  }

  /** The chunks in document order, the children by their first chunk. */
  settle(): void {
    // Stable sorts: only out-of-order lists need one (most are in document order already).
    if (this.#unsorted) this.chunks.sort((a, b) => chunkOrdinal(a) - chunkOrdinal(b));
    if (this.children.length > 1) this.children.sort((a, b) => a.order - b.order);
  }
}

/** Where a tree finds each file's chunks without reading every chunk (an index's stored look-ups). */
export interface ChunksByFile {
  /** Every file, in the order of its first chunk. */
  files: readonly string[];
  /** The chunks of `file`, in index order. */
  chunksOf(file: string): Chunk[];
}

export class DocumentTree {
  /** The chunks of each file, in the order given; a file's nodes are made on its first use. */
  private readonly chunksByFile = new Map<string, Chunk[]>();
  private readonly files: readonly string[] | undefined;
  /** The nodes of each file already made, parents before children. */
  private readonly nodesByFile = new Map<string, Node[]>();
  /** The root (the document itself) of each file. */
  private readonly roots = new Map<string, Node>();
  /** The node of each headings array the chunks share (index loading shares one per section). */
  private readonly nodeByHeadings = new Map<readonly string[], Node>();
  private readonly sizes = new Map<string, number>();

  /**
   * Only groups the chunks by file: a file's outline is rebuilt when a question first reaches it,
   * so opening a large index does not rebuild every document's outline. With `byFile`, not even
   * that: a file's chunks are asked for when it is first reached (at 100×, reading every chunk's
   * file took 0.1–0.3 s of a load).
   */
  constructor(
    chunks: Chunk[],
    private readonly byFile?: ChunksByFile,
  ) {
    if (byFile) {
      this.files = byFile.files;
      return;
    }
    for (const chunk of chunks) {
      const ofFile = this.chunksByFile.get(chunk.file);
      if (ofFile) ofFile.push(chunk);
      else this.chunksByFile.set(chunk.file, [chunk]);
    }
  }

  /** The chunks of `file`, in the order given. */
  private chunksOfFileList(file: string): Chunk[] | undefined {
    let chunks = this.chunksByFile.get(file);
    if (!chunks && this.byFile) {
      chunks = this.byFile.chunksOf(file);
      if (chunks.length === 0) return undefined;
      this.chunksByFile.set(file, chunks);
    }
    return chunks;
  }

  /** The nodes of `file`, made on the first call. */
  private nodesOfFile(file: string): Node[] {
    let nodes = this.nodesByFile.get(file);
    if (nodes) return nodes;
    nodes = [];
    this.nodesByFile.set(file, nodes);
    // The chunks of one section share their headings array (index loading): its node is found
    // once per array, not per chunk.
    const nodeByHeadings = this.nodeByHeadings;
    for (const chunk of this.chunksOfFileList(file) ?? []) {
      const order = chunkOrdinal(chunk);
      let node = nodeByHeadings.get(chunk.headings);
      if (node && node.file === chunk.file) {
        if (order < node.order) node.order = order;
        if (chunk.breadcrumb.length > node.breadcrumb.length) node.breadcrumb = chunk.breadcrumb;
      } else {
        node = this.ensure(nodes, chunk.file, chunk.headings, chunk.breadcrumb, order);
        nodeByHeadings.set(chunk.headings, node);
      }
      node.addChunk(chunk, order);
    }
    for (const node of nodes) node.settle();
    return nodes;
  }

  /** The node of this path, if there is one. */
  private find(file: string, headings: readonly string[]): Node | undefined {
    let node = this.roots.get(file);
    for (let depth = 0; node && depth < headings.length; depth += 1) node = node.child(headings[depth]!);
    return node;
  }

  private ensure(nodes: Node[], file: string, headings: string[], breadcrumb: string[], order: number): Node {
    let node = this.find(file, headings);
    if (!node) {
      const parent = headings.length > 0 ? this.ensure(nodes, file, headings.slice(0, -1), breadcrumb.slice(0, -1), order) : undefined;
      node = new Node(file, headings, breadcrumb, order, parent);
      nodes.push(node);
      if (parent) parent.adopt(headings.at(-1)!, node);
      else this.roots.set(file, node);
    }
    if (order < node.order) node.order = order;
    // A breadcrumb may fold repeated labels: keep the longest path seen for the node.
    if (breadcrumb.length > node.breadcrumb.length) node.breadcrumb = breadcrumb;
    return node;
  }

  /** Every node, parents before children. */
  allNodes(): TreeNode[] {
    return [...(this.files ?? this.chunksByFile.keys())].flatMap((file) => this.nodesOfFile(file));
  }

  /** The chunks of one document, in index order. */
  chunksOfFile(file: string): readonly Chunk[] {
    return this.chunksOfFileList(file) ?? [];
  }

  /**
   * The chunk of this id, through its file's chunks (ids are `file#ordinal` in an index; each
   * file's are indexed on its first look-up); an id of another form is looked up among all.
   */
  chunkById(id: string): Chunk | undefined {
    const file = id.slice(0, Math.max(0, id.lastIndexOf('#')));
    let byId = this.chunkIds.get(file);
    if (!byId) this.chunkIds.set(file, (byId = new Map(this.chunksOfFile(file).map((chunk) => [chunk.id, chunk]))));
    const found = byId.get(id);
    if (found) return found;
    this.allChunkIds ??= new Map([...(this.files ?? this.chunksByFile.keys())].flatMap((file) => this.chunksOfFileList(file) ?? []).map((chunk) => [chunk.id, chunk]));
    return this.allChunkIds.get(id);
  }
  private readonly chunkIds = new Map<string, Map<string, Chunk>>();
  private allChunkIds: Map<string, Chunk> | undefined;

  /** The nodes of one document, parents before children. */
  nodesOf(file: string): readonly TreeNode[] {
    return this.nodesOfFile(file);
  }

  /** The node of a chunk's section (found by its file and headings path). */
  nodeOf(chunk: Chunk): TreeNode | undefined {
    this.nodesOfFile(chunk.file);
    const node = this.nodeByHeadings.get(chunk.headings);
    return node && node.file === chunk.file ? node : this.find(chunk.file, chunk.headings);
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
