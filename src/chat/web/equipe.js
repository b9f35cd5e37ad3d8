// Alinéa staff page: plain browser JavaScript. The admin token is kept in memory only and sent as
// a bearer token; server text reaches the page through text nodes only (never innerHTML).
'use strict';

(() => {
  const form = document.getElementById('staff-login');
  const input = document.getElementById('staff-token');
  const status = document.getElementById('staff-status');
  const results = document.getElementById('staff-results');
  const rows = document.getElementById('staff-rows');
  const summary = document.getElementById('staff-summary');

  const KINDS = { refusal: 'Refus', 'thumbs-down': 'Pas utile' };
  const SURFACES = { web: 'Web', api: 'API', slack: 'Slack', teams: 'Teams', terminal: 'Terminal' };

  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function formatDate(iso) {
    const date = new Date(iso);
    return Number.isNaN(date.getTime()) ? String(iso) : date.toLocaleString('fr-FR', { dateStyle: 'short', timeStyle: 'short' });
  }

  function row(entry) {
    const tr = el('tr', entry.kind === 'refusal' ? 'staff-refusal' : 'staff-down');
    tr.appendChild(el('td', 'staff-date', formatDate(entry.time)));
    tr.appendChild(el('td', null, KINDS[entry.kind] || String(entry.kind)));
    tr.appendChild(el('td', null, SURFACES[entry.surface] || String(entry.surface)));
    tr.appendChild(el('td', 'staff-question', String(entry.question)));
    const answer = el('td');
    const details = el('details');
    details.appendChild(el('summary', null, entry.sources.length > 0 ? `Réponse et ${entry.sources.length} source${entry.sources.length > 1 ? 's' : ''}` : 'Réponse'));
    details.appendChild(el('p', 'staff-answer', String(entry.answer)));
    if (entry.sources.length > 0) {
      const list = el('ul', 'staff-sources');
      for (const source of entry.sources) list.appendChild(el('li', null, String(source)));
      details.appendChild(list);
    }
    answer.appendChild(details);
    tr.appendChild(answer);
    return tr;
  }

  function show(payload) {
    const entries = Array.isArray(payload.entries) ? payload.entries : [];
    rows.replaceChildren(...entries.map(row));
    const refusals = entries.filter((entry) => entry.kind === 'refusal').length;
    const downs = entries.length - refusals;
    summary.textContent =
      entries.length === 0
        ? `Aucun refus ni avis « pas utile » sur les ${payload.retentionDays} derniers jours.`
        : `${refusals} refus et ${downs} avis « pas utile », du plus récent au plus ancien (conservés ${payload.retentionDays} jours).`;
    results.hidden = false;
  }

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const token = input.value.trim();
    if (!token) {
      status.textContent = "Saisissez le jeton d'administration.";
      input.focus();
      return;
    }
    status.textContent = 'Chargement…';
    try {
      const response = await fetch('api/equipe/signalements', { headers: { Authorization: `Bearer ${token}` }, cache: 'no-store' });
      const payload = await response.json().catch(() => ({}));
      if (!response.ok) {
        results.hidden = true;
        rows.replaceChildren();
        status.textContent = payload.error || `Erreur du serveur (${response.status}).`;
        input.focus();
        return;
      }
      show(payload);
      status.textContent = 'Liste à jour.';
    } catch {
      status.textContent = 'Le serveur est injoignable.';
    }
  });
})();
