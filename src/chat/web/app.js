// Alinéa web chat: plain browser JavaScript, no framework, no external resource.
// Every piece of server text reaches the page through text nodes (never innerHTML), so an
// answer or a quoted passage cannot inject markup; only **bold**, line breaks, "- " lists and
// [n] citation markers are rendered.
'use strict';

(() => {
  const thread = document.getElementById('thread');
  const welcome = document.getElementById('welcome');
  const form = document.getElementById('composer');
  const input = document.getElementById('question');
  const sendButton = document.getElementById('send');
  const newConversationButton = document.getElementById('new-conversation');
  const dialog = document.getElementById('source-dialog');
  const documentsList = document.getElementById('documents-list');
  const documentsCount = document.getElementById('documents-count');

  /** Server-issued id of the current conversation; undefined until the first answer. */
  let conversationId;
  let pending = false;
  /** The element to give focus back to when the source dialog closes. */
  let dialogOpener = null;

  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  // ----- Answer text rendering -------------------------------------------------------------

  /** Appends inline content: **bold** and [n] markers (as buttons when n is a known citation). */
  function appendInline(parent, text, citations) {
    const pattern = /\*\*([^*]+?)\*\*|\[(\d{1,2})\]/g;
    let last = 0;
    let match;
    while ((match = pattern.exec(text)) !== null) {
      if (match.index > last) parent.appendChild(document.createTextNode(text.slice(last, match.index)));
      if (match[1] !== undefined) {
        const strong = el('strong');
        appendInline(strong, match[1], citations);
        parent.appendChild(strong);
      } else {
        const n = Number(match[2]);
        const citation = citations.find((c) => c.n === n);
        if (citation) parent.appendChild(citationButton(citation));
        else parent.appendChild(document.createTextNode(match[0]));
      }
      last = pattern.lastIndex;
    }
    if (last < text.length) parent.appendChild(document.createTextNode(text.slice(last)));
  }

  /** Paragraphs separated by blank lines, single line breaks kept, consecutive "- " lines as a list. */
  function renderText(text, citations) {
    const container = el('div', 'answer-text');
    const lines = String(text).replace(/\r\n?/g, '\n').split('\n');
    let paragraph = null;
    let list = null;
    for (const rawLine of lines) {
      const line = rawLine.trimEnd();
      const item = /^\s*[-•]\s+(.*)$/.exec(line);
      if (item) {
        paragraph = null;
        if (!list) {
          list = el('ul');
          container.appendChild(list);
        }
        const li = el('li');
        appendInline(li, item[1], citations);
        list.appendChild(li);
      } else if (line.trim() === '') {
        paragraph = null;
        list = null;
      } else {
        list = null;
        if (paragraph) paragraph.appendChild(el('br'));
        else {
          paragraph = el('p');
          container.appendChild(paragraph);
        }
        appendInline(paragraph, line, citations);
      }
    }
    return container;
  }

  function citationButton(citation) {
    const button = el('button', 'cite', String(citation.n));
    button.type = 'button';
    button.dataset.n = String(citation.n);
    button.setAttribute('aria-label', `Source ${citation.n} : ${citation.docTitle}`);
    button.addEventListener('click', () => openSource(citation, button));
    return button;
  }

  // ----- Source dialog ---------------------------------------------------------------------

  /** Where a citation lies, as a reader of the source would say it: its pages (PDF), else its section. */
  function pagesLabel(span) {
    if (!span || typeof span.pageStart !== 'number') return '';
    const end = typeof span.pageEnd === 'number' ? span.pageEnd : span.pageStart;
    return end !== span.pageStart ? `Pages ${span.pageStart} à ${end}` : `Page ${span.pageStart}`;
  }

  function linesLabel(span) {
    if (!span || typeof span.lineStart !== 'number') return '';
    const end = typeof span.lineEnd === 'number' ? span.lineEnd : span.lineStart;
    return end !== span.lineStart ? `lignes ${span.lineStart} à ${end} du texte extrait` : `ligne ${span.lineStart} du texte extrait`;
  }

  function breadcrumbOf(citation) {
    return Array.isArray(citation.breadcrumb) ? citation.breadcrumb.filter(Boolean) : [];
  }

  /** The citation the drawer shows (for « Lire dans le document »). */
  let currentCitation = null;
  /** Passages already fetched, by request path. */
  const passageCache = new Map();
  /** Bumped at each opening, so a late answer for an earlier citation is ignored. */
  let sourceToken = 0;

  function passagePath(citation) {
    const span = citation.span || {};
    const lines =
      Number.isInteger(span.lineStart) && Number.isInteger(span.lineEnd) ? `?lines=${span.lineStart}-${span.lineEnd}` : '';
    return `api/passages/${encodeURIComponent(citation.chunkId)}${lines}`;
  }

  async function fetchPassage(citation) {
    const key = passagePath(citation);
    if (!passageCache.has(key)) {
      const request = fetch(key).then((response) => {
        if (!response.ok) throw new Error(String(response.status));
        return response.json();
      });
      passageCache.set(key, request);
      request.catch(() => passageCache.delete(key));
    }
    return passageCache.get(key);
  }

  /**
   * Appends `text` (which starts at offset `from` of its chunk) with the parts inside `ranges`
   * (chunk offsets [start, end)) wrapped in <mark>: the sentences the answer used.
   */
  function appendMarked(parent, text, from, ranges) {
    let at = 0;
    for (const [start, end] of ranges) {
      const a = Math.max(start - from, at);
      const b = Math.min(end - from, text.length);
      if (b <= a) continue;
      if (a > at) parent.appendChild(document.createTextNode(text.slice(at, a)));
      parent.appendChild(el('mark', 'used', text.slice(a, b)));
      at = b;
    }
    if (at < text.length) parent.appendChild(document.createTextNode(text.slice(at)));
  }

  /**
   * One chunk of the node: its heading lines (unless the previous chunk showed the same), "- "
   * lists, paragraphs; `used` lists the sentences (indexes into part.sentences) to highlight.
   */
  function renderPart(part, previousHeadings, used) {
    const node = el('div', part.cited ? 'passage-part passage-cited' : 'passage-part');
    const lines = String(part.text).replace(/\r\n?/g, '\n').split('\n');
    const headingCount = Math.min(Number(part.headingLines) || 0, lines.length);
    const headings = lines.slice(0, headingCount).map((line) => line.trim()).filter(Boolean);
    const spans = Array.isArray(part.sentences) ? part.sentences : [];
    const ranges = (Array.isArray(used) ? used : [])
      .map((index) => spans[index])
      .filter((span) => Array.isArray(span))
      .sort((x, y) => x[0] - y[0]);
    if (part.cited) node.appendChild(el('p', 'passage-cited-label', 'Passage cité'));
    if (headings.join('\n') !== previousHeadings) {
      for (const heading of headings) node.appendChild(el('p', 'passage-heading', heading));
    }
    let list = null;
    let lineStart = lines.slice(0, headingCount).reduce((sum, line) => sum + line.length + 1, 0);
    for (const raw of lines.slice(headingCount)) {
      const line = raw.trim();
      const item = /^[-•]\s+(.*)$/.exec(line);
      // Where the shown text starts in the chunk: after the indentation and the bullet.
      const shown = item ? item[1] : line;
      const from = lineStart + (raw.length - raw.trimStart().length) + (line.length - shown.length);
      lineStart += raw.length + 1;
      if (item) {
        if (!list) {
          list = el('ul');
          node.appendChild(list);
        }
        const li = el('li');
        appendMarked(li, shown, from, ranges);
        list.appendChild(li);
      } else if (line !== '') {
        list = null;
        const paragraph = el('p');
        appendMarked(paragraph, shown, from, ranges);
        node.appendChild(paragraph);
      }
    }
    return { node, headings: headings.join('\n') };
  }

  function showPassage(passage) {
    const container = document.getElementById('source-text');
    container.replaceChildren();
    let previousHeadings = '';
    let cited = null;
    for (const part of passage.parts) {
      const { node, headings } = renderPart(part, previousHeadings, part.cited ? usedSentences(currentCitation) : []);
      if (headings) previousHeadings = headings;
      container.appendChild(node);
      if (part.cited) cited = node;
    }
    if (passage.truncated) container.appendChild(el('p', 'muted', 'Section longue : seule la partie autour du passage cité est affichée.'));
    if (passage.lines) document.getElementById('source-lines').textContent = ` · ${linesLabel({ lineStart: passage.lines.start, lineEnd: passage.lines.end })}`;
    if (cited && passage.parts.length > 1) cited.scrollIntoView({ block: 'nearest' });
  }

  /** The sentences of its passage a citation's answer used (indexes), or none. */
  function usedSentences(citation) {
    return citation && Array.isArray(citation.sentences) ? citation.sentences.filter((n) => Number.isInteger(n) && n >= 0) : [];
  }

  function openSource(citation, opener) {
    dialogOpener = opener;
    currentCitation = citation;
    const token = ++sourceToken;
    document.getElementById('source-number').textContent = `[${citation.n}]`;
    document.getElementById('source-title').textContent = citation.docTitle;
    const breadcrumb = breadcrumbOf(citation);
    const pages = pagesLabel(citation.span);
    const path = breadcrumb.join(' › ');
    // A PDF's reader looks for a page; any other document is found by its section path.
    document.getElementById('source-location').textContent = pages || (path ? `Section : ${path}` : 'Début du document');
    const breadcrumbNode = document.getElementById('source-breadcrumb');
    breadcrumbNode.textContent = pages ? path : '';
    breadcrumbNode.hidden = !pages || breadcrumb.length === 0;
    document.getElementById('source-file').textContent = citation.file || '';
    const lines = linesLabel(citation.span);
    document.getElementById('source-lines').textContent = lines ? ` · ${lines}` : '';
    const text = document.getElementById('source-text');
    text.replaceChildren(el('div', 'passage-part passage-cited', citation.quote || ''));
    const status = document.getElementById('source-status');
    status.textContent = 'Chargement du passage complet…';
    if (dialog.open) dialog.close();
    dialog.showModal();
    document.getElementById('source-close').focus();
    if (!citation.chunkId) {
      status.textContent = '';
      return;
    }
    fetchPassage(citation).then(
      (passage) => {
        if (token !== sourceToken) return;
        showPassage(passage);
        status.textContent = '';
      },
      () => {
        if (token !== sourceToken) return;
        status.textContent = "Le passage complet n'a pas pu être chargé : seul l'extrait cité est affiché.";
      },
    );
  }

  // ----- Reader: the whole document, its table of contents, the cited chunk in view ----------

  const reader = document.getElementById('reader-dialog');
  const readerText = document.getElementById('reader-text');
  const readerOutline = document.getElementById('reader-outline');
  const readerStatus = document.getElementById('reader-status');
  let readerOpener = null;
  const documentCache = new Map();

  function fetchDocument(file) {
    const key = `api/documents/${encodeURIComponent(file)}/text`;
    if (!documentCache.has(key)) {
      const request = fetch(key).then((response) => {
        if (!response.ok) throw new Error(String(response.status));
        return response.json();
      });
      documentCache.set(key, request);
      request.catch(() => documentCache.delete(key));
    }
    return documentCache.get(key);
  }

  function showDocument(doc, citation) {
    readerText.replaceChildren();
    readerOutline.replaceChildren();
    const nodes = new Map();
    let previousHeadings = '';
    let cited = null;
    for (const part of doc.parts) {
      const isCited = part.chunkId === citation.chunkId;
      const { node, headings } = renderPart({ ...part, cited: isCited }, previousHeadings, isCited ? usedSentences(citation) : []);
      if (headings) previousHeadings = headings;
      node.tabIndex = -1;
      nodes.set(part.chunkId, node);
      readerText.appendChild(node);
      if (isCited) cited = node;
    }
    for (const entry of doc.outline) {
      const li = el('li', `reader-toc depth-${Math.min(entry.depth, 5)}`);
      const button = el('button', 'reader-toc-item', entry.title);
      button.type = 'button';
      if (typeof entry.page === 'number') button.appendChild(el('span', 'reader-toc-page', ` p. ${entry.page}`));
      button.addEventListener('click', () => {
        const target = nodes.get(entry.chunkId);
        if (!target) return;
        target.scrollIntoView({ block: 'start' });
        target.focus({ preventScroll: true });
      });
      li.appendChild(button);
      readerOutline.appendChild(li);
    }
    // The first sentence the answer used, else the cited node, in the middle of the view.
    const firstUsed = cited ? cited.querySelector('mark.used') : null;
    if (firstUsed || cited) (firstUsed || cited).scrollIntoView({ block: 'center' });
    document.getElementById('reader-legend').hidden = !firstUsed;
  }

  function openReader(citation) {
    readerOpener = dialogOpener;
    dialogOpener = null;
    if (dialog.open) dialog.close();
    if (citation.docTitle) document.getElementById('reader-title').textContent = citation.docTitle;
    readerText.replaceChildren();
    readerOutline.replaceChildren();
    document.getElementById('reader-legend').hidden = true;
    readerStatus.textContent = 'Chargement du document…';
    reader.showModal();
    document.getElementById('reader-close').focus();
    fetchDocument(citation.file).then(
      (doc) => {
        if (!reader.open) return;
        if (!citation.docTitle) document.getElementById('reader-title').textContent = doc.docTitle;
        showDocument(doc, citation);
        readerStatus.textContent = '';
      },
      () => {
        readerStatus.textContent = "Le document n'a pas pu être chargé.";
      },
    );
  }

  document.getElementById('source-read').addEventListener('click', () => {
    if (currentCitation) openReader(currentCitation);
  });
  document.getElementById('reader-close').addEventListener('click', () => reader.close());
  reader.addEventListener('close', () => {
    // A reader opened by a deep link has no opener: the question box takes the focus.
    if (readerOpener && document.contains(readerOpener)) readerOpener.focus();
    else input.focus();
    readerOpener = null;
  });

  document.getElementById('source-close').addEventListener('click', () => dialog.close());
  // A click on the backdrop (outside the panel box) closes it too.
  dialog.addEventListener('click', (event) => {
    if (event.target !== dialog) return;
    const box = dialog.getBoundingClientRect();
    const inside =
      event.clientX >= box.left && event.clientX <= box.right && event.clientY >= box.top && event.clientY <= box.bottom;
    if (!inside) dialog.close();
  });
  dialog.addEventListener('close', () => {
    if (dialogOpener && document.contains(dialogOpener)) dialogOpener.focus();
    dialogOpener = null;
  });

  // ----- Thread ----------------------------------------------------------------------------

  function addUserMessage(question) {
    const message = el('article', 'message message-user');
    message.setAttribute('aria-label', 'Votre question');
    const bubble = el('div', 'bubble');
    for (const [i, line] of question.split('\n').entries()) {
      if (i > 0) bubble.appendChild(el('br'));
      bubble.appendChild(document.createTextNode(line));
    }
    message.appendChild(bubble);
    thread.appendChild(message);
    return message;
  }

  function pendingMessage() {
    const message = el('article', 'message message-assistant message-pending');
    message.setAttribute('aria-label', 'Réponse en cours');
    const bubble = el('div', 'bubble');
    bubble.appendChild(el('span', 'dots', ''));
    bubble.appendChild(el('span', null, 'Alinéa cherche dans les documents…'));
    message.appendChild(bubble);
    return message;
  }

  function sourceLine(citation) {
    const li = el('li', 'source');
    const button = el('button', 'source-button');
    button.type = 'button';
    button.appendChild(el('span', 'source-n', String(citation.n)));
    const body = el('span', 'source-body');
    body.appendChild(el('span', 'source-doc', citation.docTitle));
    const where = breadcrumbOf(citation).join(' › ');
    // Pages speak to a reader holding the PDF; line numbers of an extracted text do not (the drawer shows them).
    const detail = [where, pagesLabel(citation.span)].filter(Boolean).join(' · ');
    if (detail) body.appendChild(el('span', 'source-where', detail));
    button.appendChild(body);
    button.setAttribute('aria-label', `Ouvrir la source ${citation.n} : ${citation.docTitle}${detail ? ', ' + detail : ''}`);
    button.addEventListener('click', () => openSource(citation, button));
    li.appendChild(button);
    return li;
  }

  function renderAnswer(answer) {
    const citations = Array.isArray(answer.citations) ? answer.citations : [];
    const classes = ['message', 'message-assistant'];
    if (answer.refused) classes.push('message-refused');
    if (answer.mode === 'validation') classes.push('message-validation');
    const message = el('article', classes.join(' '));
    message.setAttribute('aria-label', answer.refused ? 'Réponse : le corpus ne permet pas de répondre' : 'Réponse');
    const bubble = el('div', 'bubble');
    if (answer.refused) bubble.appendChild(el('p', 'refusal-label', 'Pas de réponse dans les documents'));
    bubble.appendChild(renderText(answer.text, citations));

    if (citations.length > 0) {
      const sources = el('section', 'sources');
      sources.appendChild(el('h3', 'sources-title', answer.refused ? 'À consulter' : 'Sources'));
      const list = el('ol', 'sources-list');
      for (const citation of citations) list.appendChild(sourceLine(citation));
      sources.appendChild(list);
      bubble.appendChild(sources);
    }
    message.appendChild(bubble);
    message.appendChild(actionsBar(answer, citations));
    return message;
  }

  // ----- Copy ------------------------------------------------------------------------------

  /** The async Clipboard API where the page is a secure context, else a hidden text area and « copy ». */
  async function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) {
      try {
        await navigator.clipboard.writeText(text);
        return true;
      } catch {
        // Fall through to the older way (permission refused, document not focused…).
      }
    }
    const focused = document.activeElement;
    const area = el('textarea', 'clipboard-buffer');
    area.value = text;
    area.setAttribute('readonly', '');
    area.setAttribute('aria-hidden', 'true');
    area.tabIndex = -1;
    document.body.appendChild(area);
    area.select();
    let copied = false;
    try {
      copied = document.execCommand('copy');
    } catch {
      copied = false;
    }
    area.remove();
    if (focused && typeof focused.focus === 'function') focused.focus();
    return copied;
  }

  function copyIcon() {
    const ns = 'http://www.w3.org/2000/svg';
    const svg = document.createElementNS(ns, 'svg');
    svg.setAttribute('viewBox', '0 0 24 24');
    svg.setAttribute('width', '16');
    svg.setAttribute('height', '16');
    svg.setAttribute('aria-hidden', 'true');
    svg.setAttribute('focusable', 'false');
    const path = document.createElementNS(ns, 'path');
    path.setAttribute('d', 'M8 3h9a2 2 0 0 1 2 2v11h-2V5H8V3zM5 7h9a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H5a2 2 0 0 1-2-2V9a2 2 0 0 1 2-2zm0 2v10h9V9H5z');
    path.setAttribute('fill', 'currentColor');
    svg.appendChild(path);
    return svg;
  }

  /** Under each answer: « Copier », then (unless a validation message) 👍 / 👎. */
  function actionsBar(answer, citations) {
    const bar = el('div', 'feedback');
    const status = el('span', 'feedback-status');
    status.setAttribute('role', 'status');
    const copy = el('button', 'copy-button');
    copy.type = 'button';
    copy.appendChild(copyIcon());
    copy.appendChild(el('span', null, 'Copier'));
    copy.setAttribute('aria-label', 'Copier la réponse et ses sources');
    copy.addEventListener('click', async () => {
      // The server renders the text to forward (the same as Slack's and Teams' share actions post).
      const copied = await copyText(typeof answer.shareText === 'string' ? answer.shareText : String(answer.text || ''));
      status.textContent = copied ? 'Réponse et sources copiées.' : 'La copie a échoué : sélectionnez le texte pour le copier.';
    });
    bar.appendChild(copy);
    if (answer.mode !== 'validation') feedbackButtons(bar, status, answer, citations);
    bar.appendChild(status);
    return bar;
  }

  /** 👍 / 👎 drawn as SVG: emoji fonts are missing on some desktops, an icon always shows. */
  function thumbIcon(down) {
    const ns = 'http://www.w3.org/2000/svg';
    const svg = document.createElementNS(ns, 'svg');
    svg.setAttribute('viewBox', '0 0 24 24');
    svg.setAttribute('width', '18');
    svg.setAttribute('height', '18');
    svg.setAttribute('aria-hidden', 'true');
    svg.setAttribute('focusable', 'false');
    const path = document.createElementNS(ns, 'path');
    path.setAttribute(
      'd',
      'M7 10v11H3V10h4zm2 11h8.3a2 2 0 0 0 2-1.6l1.4-7A2 2 0 0 0 18.7 10H14l.9-4.3A1.6 1.6 0 0 0 13.3 4h-.2L9 9.6V21z',
    );
    path.setAttribute('fill', 'currentColor');
    svg.appendChild(path);
    svg.setAttribute('class', down ? 'thumb thumb-down' : 'thumb');
    return svg;
  }

  function feedbackButtons(bar, status, answer, citations) {
    bar.appendChild(el('span', 'feedback-label', 'Cette réponse vous aide-t-elle ?'));
    const make = (verdict, label) => {
      const button = el('button', 'feedback-button');
      button.appendChild(thumbIcon(verdict === 'down'));
      button.type = 'button';
      button.setAttribute('aria-label', label);
      button.setAttribute('aria-pressed', 'false');
      button.addEventListener('click', async () => {
        for (const b of bar.querySelectorAll('.feedback-button')) b.disabled = true;
        button.setAttribute('aria-pressed', 'true');
        try {
          const response = await fetch('api/feedback', {
            method: 'POST',
            headers: { 'Content-Type': 'application/json' },
            body: JSON.stringify({
              conversationId: answer.conversationId,
              question: answer.question.slice(0, 2000),
              answer: answer.text.slice(0, 4000),
              sources: citations.slice(0, 20).map((c) => `${c.file} (${c.spanLabel})`.slice(0, 300)),
              verdict,
            }),
          });
          if (!response.ok) throw new Error(String(response.status));
          status.textContent = 'Merci pour votre retour.';
        } catch {
          status.textContent = "Votre avis n'a pas pu être enregistré.";
          for (const b of bar.querySelectorAll('.feedback-button')) b.disabled = false;
          button.setAttribute('aria-pressed', 'false');
        }
      });
      return button;
    };
    bar.appendChild(make('up', 'Réponse utile'));
    bar.appendChild(make('down', 'Réponse pas utile'));
  }

  /** A failed answer, with « Réessayer » to send the same question again. */
  function renderError(messageText, turn, announce = true) {
    const message = el('article', 'message message-assistant message-error');
    if (announce) message.setAttribute('role', 'alert');
    else message.setAttribute('aria-label', 'Réponse en erreur');
    const bubble = el('div', 'bubble');
    bubble.appendChild(el('p', null, messageText));
    const retry = el('button', 'button button-secondary retry-button', 'Réessayer');
    retry.type = 'button';
    retry.setAttribute('aria-label', `Réessayer la question : ${turn.question.slice(0, 80)}`);
    retry.addEventListener('click', () => ask(turn.question, turn));
    bubble.appendChild(retry);
    message.appendChild(bubble);
    return message;
  }

  /** `start` puts the node under the sticky header (see scroll-margin in the CSS). */
  function scrollToEnd(node, block = 'nearest') {
    const reduce = window.matchMedia('(prefers-reduced-motion: reduce)').matches;
    node.scrollIntoView({ behavior: reduce ? 'auto' : 'smooth', block });
  }

  // ----- Asking ----------------------------------------------------------------------------

  // ----- Conversation kept for this tab (restored after a reload) --------------------------

  const STORAGE_KEY = 'alinea.conversation';
  /** Turns kept in storage: enough for any real conversation, small enough for the quota. */
  const MAX_STORED_TURNS = 50;
  /** `{ question, answer? , error? }` of the current conversation, oldest first. */
  let turns = [];
  /** The question and reply elements of each turn (not stored). */
  const turnViews = new WeakMap();

  function saveConversation() {
    try {
      if (turns.length === 0) sessionStorage.removeItem(STORAGE_KEY);
      else sessionStorage.setItem(STORAGE_KEY, JSON.stringify({ conversationId, turns: turns.slice(-MAX_STORED_TURNS) }));
    } catch {
      // Storage full or disabled: the conversation still works, it is just not kept.
    }
  }

  function restoreConversation() {
    let saved;
    try {
      saved = JSON.parse(sessionStorage.getItem(STORAGE_KEY) || 'null');
    } catch {
      saved = null;
    }
    if (!saved || !Array.isArray(saved.turns) || saved.turns.length === 0) return;
    conversationId = typeof saved.conversationId === 'string' ? saved.conversationId : undefined;
    for (const stored of saved.turns) {
      if (!stored || typeof stored.question !== 'string') continue;
      const turn = { question: stored.question };
      let reply;
      if (stored.answer && typeof stored.answer.text === 'string') {
        turn.answer = stored.answer;
        reply = renderAnswer(stored.answer);
      } else {
        turn.error = typeof stored.error === 'string' ? stored.error : 'La réponse a échoué.';
        reply = renderError(turn.error, turn, false);
      }
      const questionNode = addUserMessage(turn.question);
      thread.appendChild(reply);
      turnViews.set(turn, { question: questionNode, reply });
      turns.push(turn);
    }
    if (turns.length > 0) welcome.classList.add('welcome-compact');
  }

  // ----- Asking ----------------------------------------------------------------------------

  /** Asks a question; with `retried`, asks a failed turn again in its place. */
  async function ask(question, retried) {
    if (pending) return;
    pending = true;
    sendButton.disabled = true;
    thread.setAttribute('aria-busy', 'true');
    welcome.classList.add('welcome-compact');
    const placeholder = pendingMessage();
    let turn = retried;
    let questionNode;
    if (turn && turnViews.has(turn)) {
      questionNode = turnViews.get(turn).question;
      turnViews.get(turn).reply.replaceWith(placeholder);
      delete turn.error;
    } else {
      turn = { question };
      turns.push(turn);
      questionNode = addUserMessage(question);
      thread.appendChild(placeholder);
    }
    scrollToEnd(placeholder);
    let node;
    try {
      const response = await fetch('api/ask', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(conversationId ? { question, conversationId } : { question }),
      });
      const payload = await response.json().catch(() => ({}));
      if (!response.ok) {
        turn.error = payload.error || `Le serveur a répondu avec une erreur (${response.status}).`;
        node = renderError(turn.error, turn);
      } else {
        conversationId = payload.conversationId || conversationId;
        turn.answer = payload;
        node = renderAnswer(payload);
      }
    } catch {
      turn.error = 'Le serveur est injoignable. Vérifiez votre connexion puis réessayez.';
      node = renderError(turn.error, turn);
    }
    const focusWasInside = placeholder.contains(document.activeElement) || document.activeElement === document.body;
    placeholder.replaceWith(node);
    turnViews.set(turn, { question: questionNode, reply: node });
    // A retried answer replaces the button that had the focus: give it to the new answer's first action.
    if (retried && focusWasInside) (node.querySelector('button') || input).focus();
    // « Nouvelle conversation » may have been pressed meanwhile: then this turn is no longer kept.
    if (turns.includes(turn)) saveConversation();
    thread.setAttribute('aria-busy', 'false');
    pending = false;
    sendButton.disabled = false;
    // Show the question with the start of its answer, however long the answer is.
    scrollToEnd(questionNode, 'start');
  }

  function submit() {
    const question = input.value.trim();
    if (!question || pending) return;
    input.value = '';
    autoGrow();
    ask(question);
    input.focus();
  }

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    submit();
  });

  input.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      submit();
    }
  });

  function autoGrow() {
    input.style.height = 'auto';
    input.style.height = `${Math.min(input.scrollHeight, 200)}px`;
  }
  input.addEventListener('input', autoGrow);

  for (const chip of document.querySelectorAll('.chip')) {
    chip.addEventListener('click', () => {
      if (pending) return;
      ask(chip.textContent.trim());
      input.focus();
    });
  }

  newConversationButton.addEventListener('click', () => {
    conversationId = undefined;
    turns = [];
    saveConversation();
    thread.replaceChildren();
    welcome.classList.remove('welcome-compact');
    input.value = '';
    autoGrow();
    input.focus();
  });

  // ----- Documents covered -----------------------------------------------------------------

  async function loadDocuments() {
    try {
      const response = await fetch('api/documents');
      if (!response.ok) throw new Error(String(response.status));
      const { documents } = await response.json();
      documentsList.replaceChildren();
      documentsCount.textContent = `(${documents.length})`;
      for (const doc of documents) {
        const li = el('li', 'document');
        li.appendChild(el('span', 'document-title', doc.short_title || doc.title));
        const meta = [doc.territory, doc.kind, doc.date].filter(Boolean).join(' · ');
        if (meta) li.appendChild(el('span', 'document-meta', meta));
        if (doc.title && doc.title !== doc.short_title) li.appendChild(el('span', 'document-full', doc.title));
        documentsList.appendChild(li);
      }
    } catch {
      documentsList.replaceChildren(el('li', 'muted', 'Liste indisponible pour le moment (index en cours de chargement ?).'));
    }
  }

  /**
   * A deep link from Slack, Teams or a forwarded answer: `?passage=<chunk id>#phrases=0,2` opens
   * the reader at the cited node (the chunk id is `<file>#<ordinal>`) with the sentences the answer
   * used highlighted.
   */
  function openLinkedPassage() {
    const chunkId = new URLSearchParams(window.location.search).get('passage');
    const hash = chunkId ? chunkId.lastIndexOf('#') : -1;
    if (!chunkId || hash <= 0) return;
    const phrases = /(?:^#|&)phrases=([\d,]+)/.exec(window.location.hash);
    const sentences = phrases ? phrases[1].split(',').filter(Boolean).map(Number) : [];
    document.getElementById('reader-title').textContent = 'Document cité';
    openReader({ chunkId, file: chunkId.slice(0, hash), docTitle: '', sentences });
  }

  restoreConversation();
  loadDocuments();
  openLinkedPassage();
})();
