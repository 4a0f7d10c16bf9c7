// Nitrolyte workbench page. Everything that comes from a file or the manifest is put in the page with
// textContent (never as markup); the numbers come from the server, which calls the Nitrolyte library.
'use strict';

const $ = (id) => document.getElementById(id);
const CYCLING = ['symmetric_cycling', 'stripping_plating', 'ccd', 'symmetric', 'full_cell', 'full_cell_cycling'];
const state = {
  file: null, spec: null, params: [], mask: new Set(), ranges: [], fit: null, fitKey: null,
  decisions: null, simulated: null, lastCircuitOk: false,
};
window.workbench = state; // for the browser tests and the curious

function el(tag, text, cls) {
  const e = document.createElement(tag);
  if (text !== undefined && text !== null) e.textContent = String(text);
  if (cls) e.className = cls;
  return e;
}
// Plotly renders a small HTML subset in names and titles: escape what came from files.
const plotText = (s) => String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const fmt = (v, d = 4) => (v === null || v === undefined || !isFinite(v)) ? 'n/a' : Number(v).toPrecision(d);

// 4.35e-5 rather than 0.0000435 for small and large numbers
const fmtSci = (v) => (v == null || !isFinite(v)) ? 'n/a' : (v !== 0 && (Math.abs(v) < 1e-3 || Math.abs(v) >= 1e5)) ? Number(v).toExponential(2) : String(Number(Number(v).toPrecision(3)));

function status(msg, isError) {
  const s = $('status');
  s.textContent = msg || '';
  s.className = isError ? 'error' : '';
}

async function api(path, body) {
  const opts = body === undefined ? {} : { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) };
  const r = await fetch(path, opts);
  const type = r.headers.get('Content-Type') || '';
  if (!r.ok) {
    let msg = r.status + ' ' + r.statusText;
    try { msg = (await r.json()).error || msg; } catch (_) { /* not JSON */ }
    const err = new Error(msg); err.status = r.status; throw err;
  }
  return type.includes('json') ? r.json() : r.blob();
}

async function guarded(label, fn) {
  status(label + '…');
  const t0 = performance.now();
  try { await fn(); status(label + ' done (' + Math.round(performance.now() - t0) + ' ms)'); }
  catch (e) { status(label + ': ' + e.message, true); console.error(e); }
}

// ------------------------------------------------------------------ files

async function loadFiles() {
  const ws = await api('/api/files');
  $('workspace').textContent = ws.workspace + (ws.manifest ? '  ·  ' + ws.manifest : '  ·  no manifest');
  const tb = $('files').querySelector('tbody');
  tb.replaceChildren();
  for (const f of ws.files) {
    const tr = el('tr');
    tr.dataset.path = f.path;
    const cb = el('input'); cb.type = 'checkbox'; cb.className = 'series-pick'; cb.value = f.path;
    cb.disabled = f.kind !== 'impedance';
    cb.addEventListener('click', (ev) => ev.stopPropagation());
    const td0 = el('td'); td0.append(cb);
    const name = el('td', f.path); if (f.error) name.title = f.error;
    tr.append(td0, name, el('td', (f.technique && f.technique !== 'eis' ? f.technique : f.kind) + (f.error ? ' (error)' : '')), el('td', f.points ?? ''), el('td', f.temperature_c ?? ''));
    if (f.kind === 'impedance') tr.addEventListener('click', () => guarded('open ' + f.path, () => openFile(f.path)));
    else if (f.kind === 'structure') tr.addEventListener('click', () => guarded('structure ' + f.path, () => openStructure(f.path)));
    else if (f.kind === 'time_series' && CYCLING.includes(f.technique)) tr.addEventListener('click', () => guarded('cycling ' + f.path, () => openCycling(f.path)));
    else if (f.kind === 'time_series') tr.addEventListener('click', () => { if (state.cycFile !== f.path) for (const id of ['cyc-technique', 'cyc-area', 'cyc-mass', 'cyc-cycles', 'cyc-ref']) $(id).value = ''; state.cycFile = f.path; showTab('cycling'); $('cyc-summary').textContent = f.path + ': choose the technique (symmetric_cycling or full_cell) and the geometry, then Analyse'; });
    tb.append(tr);
  }
}

async function openFile(path) {
  const spec = await api('/api/spectrum?file=' + encodeURIComponent(path));
  state.file = path; state.spec = spec; state.fit = null; state.simulated = null; state.mask = new Set(); state.ranges = [];
  for (const tr of $('files').querySelectorAll('tbody tr')) tr.classList.toggle('open', tr.dataset.path === path);
  $('current').textContent = path + ' — ' + spec.n_points + ' points' + (spec.temperature_c != null ? ', ' + spec.temperature_c + ' °C' : '');
  state.decisions = null;
  let opts = {};
  try {
    state.decisions = await api('/api/decisions?file=' + encodeURIComponent(path));
    opts = state.decisions.options || {};
    const g = state.decisions.geometry || {};
    if (g.thickness_mm != null) $('g-thickness').value = g.thickness_mm;
    if (g.diameter_mm != null) $('g-diameter').value = g.diameter_mm;
    if (g.area_cm2 != null) $('g-area').value = g.area_cm2;
    if (opts.cell) $('g-cell').value = opts.cell;
  } catch (e) { $('save').title = e.message; }
  if (typeof opts.circuit === 'string') $('circuit').value = opts.circuit;
  for (const i of (opts.exclude_points || [])) if (i >= 0 && i < spec.n_points) state.mask.add(i);
  for (const r of (opts.exclude || [])) { const [lo, hi] = String(r).split(':').map(Number); if (isFinite(lo) && isFinite(hi)) state.ranges.push([lo, hi]); }
  await validateCircuit();
  for (const p of state.params) {
    if (opts.fixed && p.name in opts.fixed) { p.value = opts.fixed[p.name]; p.fixed = true; }
    else if (opts.initial && p.name in opts.initial) p.value = opts.initial[p.name];
    if (opts.bounds && Array.isArray(opts.bounds[p.name])) { p.lo = opts.bounds[p.name][0]; p.hi = opts.bounds[p.name][1]; }
  }
  if ($('norm').checked) { try { await updateNorm(); } catch (e) { $('norm-msg').textContent = e.message; } }
  renderParams(); renderResult(); draw(); updateMaskMsg();
}

// ------------------------------------------------------------------ circuit and parameters

let validateTimer = null;
async function validateCircuit() {
  const text = $('circuit').value;
  const v = await api('/api/circuit/validate', { circuit: text });
  const msg = $('circuit-msg');
  if (!v.ok) { msg.textContent = v.error; msg.className = 'small bad'; state.lastCircuitOk = false; return; }
  msg.textContent = '✓ ' + v.parameters.map((p) => p.name).join(', '); msg.className = 'small ok';
  state.lastCircuitOk = true;
  const old = new Map(state.params.map((p) => [p.name, p]));
  state.params = v.parameters.map((p) => old.get(p.name) || { name: p.name, unit: p.unit, value: null, fixed: false, lo: null, hi: null, stderr: null });
  renderParams();
}

function numText(v) { const a = Math.abs(v); return (a !== 0 && (a < 1e-3 || a >= 1e6)) ? v.toExponential(5).replace(/\.?0+e/, 'e') : String(Number(v.toPrecision(6))); }

function numOrNull(s) { const t = String(s).trim(); if (t === '') return null; const v = Number(t); return isFinite(v) ? v : NaN; }

function renderParams() {
  const tb = $('params').querySelector('tbody');
  tb.replaceChildren();
  for (const p of state.params) {
    const tr = el('tr'); tr.dataset.name = p.name;
    const mk = (field, val) => {
      const i = el('input'); i.value = val == null ? '' : (typeof val === 'number' ? numText(val) : val); i.className = field;
      i.addEventListener('change', () => { const v = numOrNull(i.value); i.classList.toggle('bad', Number.isNaN(v)); if (!Number.isNaN(v)) { p[field] = v; markStale(); } });
      const td = el('td'); td.append(i); return td;
    };
    const lock = el('input'); lock.type = 'checkbox'; lock.className = 'lock'; lock.checked = p.fixed;
    lock.addEventListener('change', () => { p.fixed = lock.checked; markStale(); });
    const tdl = el('td'); tdl.append(lock);
    tr.append(el('td', p.name), mk('value', p.value), tdl, mk('lo', p.lo), mk('hi', p.hi),
      el('td', p.fixed ? 'fixed' : (p.stderr == null ? '' : fmt(p.stderr, 3))), el('td', p.unit));
    tb.append(tr);
  }
}

function requestBody(useInitial) {
  const fixed = {}, initial = {}, bounds = {};
  for (const p of state.params) {
    if (p.fixed) {
      if (p.value == null) throw new Error('give a value for the locked parameter ' + p.name);
      fixed[p.name] = p.value;
    } else if (useInitial && p.value != null) initial[p.name] = p.value;
    if (p.lo != null || p.hi != null) bounds[p.name] = [p.lo ?? 0, p.hi ?? 1e300];
  }
  const body = { file: state.file, circuit: $('circuit').value, fixed, bounds, exclude: state.ranges.map(rangeText), exclude_points: [...state.mask].sort((a, b) => a - b) };
  if (useInitial) body.initial = initial;
  const g = geometry(); if (g) { body.geometry = g; body.cell = $('g-cell').value; }
  return body;
}

function geometry() {
  const t = numOrNull($('g-thickness').value), d = numOrNull($('g-diameter').value), a = numOrNull($('g-area').value);
  if (t == null || (d == null && a == null)) return null;
  return { thickness_mm: t, diameter_mm: d, area_cm2: a };
}

const rangeText = (r) => Number(r[0].toPrecision(6)) + ':' + Number(r[1].toPrecision(6));
const maskKey = () => JSON.stringify([[...state.mask].sort((a, b) => a - b), state.ranges, state.params.map((p) => [p.fixed, p.fixed ? p.value : null, p.lo, p.hi]), $('circuit').value]);

function markStale() { $('stale').hidden = !(state.fit && state.fitKey !== maskKey()); updateMaskMsg(); }

function isMasked(i) {
  if (state.mask.has(i)) return true;
  const f = state.spec.frequencies_hz[i];
  return state.ranges.some((r) => f >= r[0] && f <= r[1]);
}

function updateMaskMsg() {
  if (!state.spec) return;
  let n = 0; for (let i = 0; i < state.spec.n_points; i++) if (isMasked(i)) n++;
  $('mask-msg').textContent = n ? n + ' masked (' + state.mask.size + ' points' + (state.ranges.length ? ', ranges ' + state.ranges.map(rangeText).join(', ') + ' Hz' : '') + ')' : 'no points masked';
}

// ------------------------------------------------------------------ actions

async function doFit(useInitial) {
  if (!state.file) throw new Error('open a spectrum first');
  await validateCircuit();
  if (!state.lastCircuitOk) throw new Error('the circuit does not parse');
  const body = requestBody(useInitial);
  const key = maskKey();
  const fit = await api('/api/fit', body);
  state.fit = fit; state.fitKey = key; state.simulated = null;
  for (const p of fit.parameters) {
    const q = state.params.find((x) => x.name === p.name);
    if (q) { q.value = p.value; q.stderr = p.stderr; q.fixed = p.fixed; }
  }
  renderParams(); renderResult(); draw(); markStale();
}

async function doSimulate() {
  if (!state.file) throw new Error('open a spectrum first');
  const values = {};
  for (const p of state.params) { if (p.value == null) throw new Error('give a value for ' + p.name); values[p.name] = p.value; }
  const r = await api('/api/simulate', { file: state.file, circuit: $('circuit').value, values });
  state.simulated = r.curve; draw();
}

function renderResult() {
  const box = $('result'); box.replaceChildren();
  const arcs = $('arcs').querySelector('tbody'); arcs.replaceChildren();
  const warn = $('warnings'); warn.replaceChildren();
  const f = state.fit;
  if (!f) { box.textContent = 'not fitted yet'; return; }
  const lines = [
    'circuit ' + f.circuit + ', ' + f.n_points + ' points, ' + f.free_parameters + ' free, ' + f.weighting + ' weighting',
    'χ² = ' + fmt(f.chi_square, 5) + ', reduced χ² = ' + fmt(f.reduced_chi_square, 4) + ', AIC = ' + fmt(f.aic, 6) + ', BIC = ' + fmt(f.bic, 6),
  ];
  if (f.conductivity) lines.push('σ total = ' + fmt(f.conductivity.total_s_per_cm, 4) + ' S/cm, bulk = ' + fmt(f.conductivity.bulk_s_per_cm, 4) + ' S/cm, grain boundary = ' + fmt(f.conductivity.grain_boundary_s_per_cm, 4) + ' S/cm');
  for (const l of lines) box.append(el('div', l));
  for (const a of (f.arcs || [])) {
    const tr = el('tr');
    tr.append(el('td', a.block), el('td', fmt(a.r_ohm)), el('td', fmt(a.c_eff_f, 3)), el('td', fmt(a.f_apex_hz, 3)), el('td', a.role));
    arcs.append(tr);
  }
  for (const c of (f.high_correlations || [])) warn.append(el('li', 'correlation ' + c.a + '–' + c.b + ' = ' + fmt(c.r, 3) + ' (above 0.95)', 'bad'));
  for (const w of (f.warnings || [])) warn.append(el('li', w));
}

// ------------------------------------------------------------------ plots

// Framed on the arcs as in the report: up to 1.2× the Z' where the low-frequency spike starts.
function nyquistFrame(s) {
  const idx = [...Array(s.n_points).keys()];
  const negIm = (i) => -s.z_imag_ohm[i];
  const byF = idx.slice().sort((a, b) => s.frequencies_hz[a] - s.frequencies_hz[b]);
  let k = 0;
  while (k + 1 < byF.length && negIm(byF[k + 1]) < negIm(byF[k]) * 1.03 && negIm(byF[k]) > 0) k++;
  let arcEnd = s.z_real_ohm[byF[k]];
  for (let j = k; j < byF.length; j++) arcEnd = Math.max(arcEnd, s.z_real_ohm[byF[j]]);
  const xMin = Math.min(0, ...s.z_real_ohm), xMax = 1.2 * (arcEnd > 0 ? arcEnd : Math.max(...s.z_real_ohm));
  return { xMin, xMax, span: xMax - xMin };
}

const plotConfig = { displaylogo: false, responsive: true, modeBarButtonsToRemove: ['lasso2d'] };

function draw() {
  const s0 = state.spec; if (!s0) return;
  // Ω·cm: every impedance of the Nyquist plot times A/L (the server's PelletGeometry); Bode and residuals stay in Ω
  const k0 = ($('norm').checked && state.norm) ? state.norm.ohm_to_ohm_cm : 1, unit = k0 === 1 ? 'Ω' : 'Ω·cm';
  const sc = (c) => k0 === 1 ? c : Object.assign({}, c, { z_real_ohm: c.z_real_ohm.map((v) => v * k0), z_imag_ohm: c.z_imag_ohm.map((v) => v * k0) });
  const s = sc(s0);
  const idx = [...Array(s.n_points).keys()];
  const used = idx.filter((i) => !isMasked(i)), masked = idx.filter(isMasked);
  const negIm = (i) => -s.z_imag_ohm[i];
  const mod = (i) => Math.hypot(s.z_real_ohm[i], s.z_imag_ohm[i]);
  const phase = (i) => -Math.atan2(s.z_imag_ohm[i], s.z_real_ohm[i]) * 180 / Math.PI;
  const pts = (ids, x, y, name, color) => ({ x: ids.map(x), y: ids.map(y), customdata: ids, mode: 'markers', type: 'scatter', name, marker: { color, size: 7 } });
  const curves = [];
  if (state.fit) curves.push({ c: state.fit.curve, name: 'fit', color: '#d62728', dash: state.fitKey === maskKey() ? 'solid' : 'dot' });
  if (state.simulated) curves.push({ c: state.simulated, name: 'simulated', color: '#2ca02c', dash: 'dash' });
  const nyCurves = curves.map((c) => Object.assign({}, c, { c: sc(c.c) }));

  const ny = [pts(used, (i) => s.z_real_ohm[i], negIm, 'data', '#1f77b4'), Object.assign(pts(masked, (i) => s.z_real_ohm[i], negIm, 'masked', '#b0b0b0'), { marker: { symbol: 'x-thin-open', color: '#9a9a9a', size: 9, line: { width: 2 } } })];
  for (const c of nyCurves) ny.push({ x: c.c.z_real_ohm, y: c.c.z_imag_ohm.map((v) => -v), mode: 'lines', name: c.name, line: { color: c.color, dash: c.dash } });
  // Framed on the arcs as in the report (a blocking-electrode spike can reach 100× them): up to 1.2× the Z' where the
  // low-frequency spike starts; the user zooms out (double-click) for the spike.
  const { xMin, xMax, span } = nyquistFrame(s);
  Plotly.react('nyquist', ny, {
    title: { text: 'Nyquist', font: { size: 13 } }, margin: { l: 60, r: 10, t: 30, b: 40 }, legend: { orientation: 'h', y: -0.2 },
    xaxis: { title: { text: "Z' (" + unit + ")" }, constrain: 'domain', range: [xMin, xMax] },
    yaxis: { title: { text: "−Z'' (" + unit + ")" }, scaleanchor: 'x', scaleratio: 1, range: [-0.03 * span, 0.5 * span], constrain: 'domain' },
  }, plotConfig);

  const mod0 = (i) => Math.hypot(s0.z_real_ohm[i], s0.z_imag_ohm[i]);
  const bo = [pts(used, (i) => s.frequencies_hz[i], mod0, '|Z|', '#1f77b4'), Object.assign(pts(masked, (i) => s.frequencies_hz[i], mod0, 'masked', '#b0b0b0'), { marker: { symbol: 'x-thin-open', color: '#9a9a9a', size: 9, line: { width: 2 } } }),
    Object.assign(pts(used, (i) => s.frequencies_hz[i], phase, 'phase', '#ff7f0e'), { yaxis: 'y2', marker: { symbol: 'diamond-open', color: '#ff7f0e', size: 6 } }),
    Object.assign(pts(masked, (i) => s.frequencies_hz[i], phase, 'masked phase', '#c4c4c4'), { yaxis: 'y2', showlegend: false, marker: { symbol: 'diamond-open', color: '#c4c4c4', size: 6 } })];
  for (const c of curves) {
    bo.push({ x: c.c.frequencies_hz, y: c.c.z_real_ohm.map((r, k) => Math.hypot(r, c.c.z_imag_ohm[k])), mode: 'lines', name: c.name + ' |Z|', line: { color: c.color, dash: c.dash } });
    bo.push({ x: c.c.frequencies_hz, y: c.c.z_real_ohm.map((r, k) => -Math.atan2(c.c.z_imag_ohm[k], r) * 180 / Math.PI), yaxis: 'y2', mode: 'lines', name: c.name + ' phase', showlegend: false, line: { color: c.color, dash: c.dash, width: 1 } });
  }
  Plotly.react('bode', bo, {
    title: { text: 'Bode (drag to mask a frequency range)', font: { size: 13 } }, margin: { l: 60, r: 50, t: 30, b: 40 }, legend: { orientation: 'h', y: -0.2 },
    dragmode: 'select', selectdirection: 'h',
    xaxis: { type: 'log', title: { text: 'f (Hz)' } }, yaxis: { type: 'log', title: { text: '|Z| (Ω)' } },
    yaxis2: { overlaying: 'y', side: 'right', title: { text: '−phase (°)' }, tickmode: 'auto', showgrid: false }, // round ticks of its own (not synced to |Z|)
  }, plotConfig);

  const rs = [];
  if (state.fit) {
    const fu = state.fit.used_indices.map((i) => s.frequencies_hz[i]);
    rs.push({ x: fu, y: state.fit.residual_real_pct, mode: 'markers+lines', name: "Z' residual", line: { width: 1 } });
    rs.push({ x: fu, y: state.fit.residual_imag_pct, mode: 'markers+lines', name: "Z'' residual", line: { width: 1 } });
  }
  Plotly.react('resid', rs, {
    title: { text: 'Residuals (% of |Z|)', font: { size: 13 } }, margin: { l: 60, r: 10, t: 30, b: 40 },
    xaxis: { type: 'log', title: { text: 'f (Hz)' } }, yaxis: { title: { text: '%' }, zeroline: true },
  }, plotConfig);
  attachPlotEvents();
}

let eventsAttached = false;
function attachPlotEvents() {
  if (eventsAttached) return;
  eventsAttached = true;
  const toggle = (ev) => {
    const p = ev.points && ev.points[0];
    if (!p || p.customdata === undefined) return;
    const i = p.customdata;
    if (state.mask.has(i)) state.mask.delete(i);
    else {
      // a point masked by a range is unmasked by dropping that range
      const f = state.spec.frequencies_hz[i];
      const inRange = state.ranges.findIndex((r) => f >= r[0] && f <= r[1]);
      if (inRange >= 0) state.ranges.splice(inRange, 1); else state.mask.add(i);
    }
    markStale(); draw();
  };
  $('nyquist').on('plotly_click', toggle);
  $('bode').on('plotly_click', toggle);
  $('bode').on('plotly_selected', (ev) => {
    if (!ev || !ev.points) return;
    const fs = ev.points.filter((p) => p.customdata !== undefined).map((p) => state.spec.frequencies_hz[p.customdata]);
    if (fs.length === 0) return;
    state.ranges.push([Math.min(...fs), Math.max(...fs)]);
    Plotly.restyle('bode', { selectedpoints: [null] });
    markStale(); draw();
  });
}

// ------------------------------------------------------------------ compare, series, KK/DRT

async function doCompare() {
  if (!state.file) throw new Error('open a spectrum first');
  const circuits = $('compare-circuits').value.split('\n').map((s) => s.trim()).filter(Boolean);
  const body = requestBody(false); delete body.circuit; body.circuits = circuits;
  const r = await api('/api/compare', body);
  const tb = $('compare-table').querySelector('tbody'); tb.replaceChildren();
  const s = state.spec;
  const traces = [{ x: s.z_real_ohm, y: s.z_imag_ohm.map((v) => -v), mode: 'markers', name: 'data', marker: { color: '#1f77b4' } }];
  for (const f of r.ranking) {
    const tr = el('tr');
    tr.append(el('td', f.aic_rank), el('td', f.circuit), el('td', f.free_parameters), el('td', fmt(f.chi_square, 4)), el('td', fmt(f.aic, 6)), el('td', fmt(f.delta_aic, 3)), el('td', fmt(f.bic, 6)), el('td', fmt(f.delta_bic, 3)),
      el('td', f.arcs_count == null ? '' : f.arcs_resolved + '/' + f.arcs_count));
    tb.append(tr);
    traces.push({ x: f.curve.z_real_ohm, y: f.curve.z_imag_ohm.map((v) => -v), mode: 'lines', name: plotText(f.circuit) });
  }
  const ft = $('ftest-table').querySelector('tbody'); ft.replaceChildren();
  for (const t of (r.f_tests || [])) {
    const tr = el('tr');
    tr.append(el('td', t.simpler), el('td', t.richer), el('td', fmt(t.f, 4)), el('td', t.extra_parameters), el('td', t.dof), el('td', t.p < 1e-15 ? '< 1e-15' : fmtSci(t.p), t.p < 0.05 ? 'ok' : ''));
    ft.append(tr);
  }
  if (!(r.f_tests || []).length) { const tr = el('tr'); tr.append(el('td', 'no nested pair among these circuits', 'muted')); ft.append(tr); }
  $('compare-preferred').textContent = r.preferred ? 'preferred: ' + r.preferred + ' (' + r.reason + ')' : '';
  const fr = nyquistFrame(s);
  Plotly.react('compare-plot', traces, { margin: { l: 60, r: 10, t: 20, b: 40 }, legend: { orientation: 'h', y: -0.2 },
    xaxis: { title: { text: "Z' (Ω)" }, range: [fr.xMin, fr.xMax], constrain: 'domain' },
    yaxis: { title: { text: "−Z'' (Ω)" }, scaleanchor: 'x', scaleratio: 1, range: [-0.03 * fr.span, 0.5 * fr.span], constrain: 'domain' } }, plotConfig);
}

async function doSeries() {
  const files = [...document.querySelectorAll('.series-pick:checked')].map((c) => c.value);
  if (files.length < 2) throw new Error('tick two or more impedance files in the file panel');
  const body = requestBody(false);
  delete body.file; delete body.exclude_points; body.files = files;
  const g = geometry(); if (!g) throw new Error('give the thickness and the diameter or area');
  body.geometry = g; body.cell = $('g-cell').value;
  body.multistart = 12; // as `nitrolyte evaluate` does, so that both give the same numbers
  // a background job (POST /api/series/jobs): the page stays usable, shows SeriesFitter's progress and can cancel
  const j = await api('/api/series/jobs', body);
  await followSeries(j);
}

const sleep = (ms) => new Promise((res) => setTimeout(res, ms));

async function followSeries(j) {
  state.seriesJob = j.id;
  showSeriesJob(j);
  while (j.state === 'running') {
    await sleep(300);
    j = await api('/api/series/jobs/' + j.id);
    showSeriesJob(j);
  }
  if (j.state === 'cancelled') throw new Error('cancelled; the table and plot keep the previous series');
  if (j.state === 'failed') throw new Error(j.error);
  renderSeries(j.result);
}

function showSeriesJob(j) {
  const running = j.state === 'running';
  $('series-run').disabled = running; $('series-cancel').disabled = !running;
  $('series-progress').hidden = !running;
  const last = (j.messages || []).length ? j.messages[j.messages.length - 1] : 'starting';
  $('series-state').textContent = j.state + ' · ' + j.elapsed_s + ' s · ' + last;
  $('series-state').className = 'small ' + (j.state === 'failed' ? 'bad' : j.state === 'done' ? 'ok' : '');
  $('tab-series').dataset.state = j.state;
}

async function cancelSeries() {
  if (!state.seriesJob) return;
  showSeriesJob(await api('/api/series/jobs/' + state.seriesJob + '/cancel', {}));
}

async function resumeSeries() {
  const j = await api('/api/series/jobs');
  if (j.state === 'running') guarded('series', () => followSeries(j));
}

function renderSeries(r) {
  state.series = r;
  const tb = $('series-table').querySelector('tbody'); tb.replaceChildren();
  for (const f of [...r.fits].sort((a, b) => (a.temperature_c ?? 0) - (b.temperature_c ?? 0))) {
    const tr = el('tr');
    tr.append(el('td', f.file), el('td', f.temperature_c ?? '-'), el('td', fmt(f.chi_square, 4)), el('td', fmt(f.conductivity && f.conductivity.bulk_s_per_cm, 4)), el('td', fmt(f.conductivity && f.conductivity.total_s_per_cm, 4)));
    tb.append(tr);
  }
  const ea = $('series-ea'); ea.replaceChildren();
  const traces = [];
  const pts = r.fits.filter((f) => f.temperature_c != null && f.conductivity);
  const T = pts.map((f) => f.temperature_c + 273.15);
  const add = (key, label, color) => {
    const y = pts.map((f) => f.conductivity[key + '_s_per_cm'] * (f.temperature_c + 273.15));
    const e = pts.map((f) => (f.conductivity[key + '_stderr_s_per_cm'] || 0) * (f.temperature_c + 273.15));
    traces.push({ x: T.map((t) => 1000 / t), y, error_y: { type: 'data', array: e, visible: true }, mode: 'markers', name: label + ' data', marker: { color } });
    const line = r.arrhenius_lines && r.arrhenius_lines[key];
    if (line) traces.push({ x: line.t_k.map((t) => 1000 / t), y: line.sigma_s_per_cm.map((v, k) => v * line.t_k[k]), mode: 'lines', name: label + ' fit', line: { color } });
    const a = r.arrhenius && r.arrhenius[key];
    if (a) ea.append(el('div', label + ': Ea = ' + fmt(a.ea_ev, 4) + ' ± ' + fmt(a.ea_stderr_ev, 2) + ' eV, σ(25 °C) = ' + fmt(a.sigma_25c_s_per_cm, 4) + ' S/cm, R² = ' + fmt(a.r_squared, 5)));
  };
  add('total', 'total', '#1f77b4'); add('bulk', 'bulk', '#d62728');
  Plotly.react('arrhenius', traces, {
    title: { text: 'Arrhenius', font: { size: 13 } }, margin: { l: 70, r: 10, t: 30, b: 45 },
    xaxis: { title: { text: '1000/T (1/K)' } }, yaxis: { type: 'log', title: { text: 'σT (S K/cm)' } },
  }, plotConfig);
}

async function doKk() {
  if (!state.file) throw new Error('open a spectrum first');
  const r = await api('/api/kk', { file: state.file });
  $('kk-msg').textContent = 'Lin-KK: M = ' + r.m + ', µ = ' + fmt(r.mu, 4) + ', max |residual| = ' + fmt(r.max_residual_pct, 3) + ' %';
  Plotly.react('kk-plot', [
    { x: r.frequencies_hz, y: r.residual_real_pct, mode: 'markers+lines', name: "Z'" },
    { x: r.frequencies_hz, y: r.residual_imag_pct, mode: 'markers+lines', name: "Z''" },
  ], { title: { text: 'Lin-KK residuals (%)', font: { size: 13 } }, margin: { l: 60, r: 10, t: 30, b: 40 }, xaxis: { type: 'log', title: { text: 'f (Hz)' } } }, plotConfig);
}

async function doDrt() {
  if (!state.file) throw new Error('open a spectrum first');
  const r = await api('/api/drt', { file: state.file });
  Plotly.react('drt-plot', [{ x: r.tau_s, y: r.gamma_ohm, mode: 'lines', name: 'γ(τ)' }],
    { title: { text: 'DRT (λ = ' + fmt(r.lambda, 3) + ', ' + plotText(r.lambda_method) + ')', font: { size: 13 } }, margin: { l: 60, r: 10, t: 30, b: 40 }, xaxis: { type: 'log', title: { text: 'τ (s)' } }, yaxis: { title: { text: 'γ (Ω)' } } }, plotConfig);
}

// ------------------------------------------------------------------ save and export

async function doSave() {
  if (!state.file) throw new Error('open a spectrum first');
  if (!state.decisions) throw new Error($('save').title || 'this file is not in the workspace manifest');
  const b = requestBody(true);
  const decisions = { circuit: b.circuit, fixed: b.fixed, initial: null, bounds: b.bounds, exclude: b.exclude, exclude_points: b.exclude_points };
  for (const k of ['fixed', 'bounds']) if (Object.keys(decisions[k]).length === 0) decisions[k] = null;
  for (const k of ['exclude', 'exclude_points']) if (decisions[k].length === 0) decisions[k] = null;
  try {
    state.decisions = await api('/api/decisions', { file: state.file, version: state.decisions.version, decisions });
  } catch (e) {
    if (e.status === 409) throw new Error(e.message + ' (nothing was written)');
    throw e;
  }
}

function download(blob, name) {
  const a = document.createElement('a');
  a.href = URL.createObjectURL(blob); a.download = name;
  document.body.append(a); a.click(); a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 10000);
}

const baseName = () => (state.file || 'fit').split('/').pop().replace(/\.[^.]+$/, '');

async function doExport(kind) {
  if (!state.fit) throw new Error('fit first');
  if (kind === 'json') { download(new Blob([JSON.stringify(state.fit, null, 2)], { type: 'application/json' }), baseName() + '_fit.json'); return; }
  const blob = await api('/api/export/' + kind, requestBody(true));
  download(blob, baseName() + '_' + kind + '.csv');
}

// ------------------------------------------------------------------ tabs, Ω·cm

function showTab(name) {
  for (const x of document.querySelectorAll('#tabs button')) x.classList.toggle('active', x.dataset.tab === name);
  for (const t of document.querySelectorAll('.tab')) t.hidden = t.id !== 'tab-' + name;
  window.dispatchEvent(new Event('resize'));
  for (const v of state.viewers || []) { try { v.resize(); v.render(); } catch (_) { /* not drawn yet */ } }
}

async function updateNorm() {
  state.norm = null; $('norm-msg').textContent = '';
  if (!$('norm').checked) return;
  const g = geometry();
  if (!g) { $('norm').checked = false; throw new Error('Ω·cm needs the thickness and the diameter or area (manifest sample: or the Series tab)'); }
  state.norm = await api('/api/geometry', { geometry: g });
  $('norm-msg').textContent = 'A = ' + fmt(state.norm.area_cm2, 4) + ' cm², L = ' + fmt(state.norm.thickness_cm, 4) + ' cm, Z·A/L';
}

// ------------------------------------------------------------------ report sections (cycling, structure)

function renderTable(t) {
  const box = el('div');
  box.append(el('h3', t.caption));
  const tab = el('table'); const hr = el('tr');
  for (const h of t.header) hr.append(el('th', h));
  const th = el('thead'); th.append(hr); tab.append(th);
  const tb = el('tbody');
  for (const row of t.rows) { const tr = el('tr'); for (const c of row) tr.append(el('td', c)); tb.append(tr); }
  tab.append(tb); box.append(tab);
  return box;
}

let figNo = 0;
function renderFigure(container, f) {
  const wrap = el('div', null, 'figure');
  const div = el('div', null, 'plot'); div.id = 'sfig' + (++figNo);
  const cap = el('div', f.caption || '', 'caption');
  const dl = el('div', null, 'dl'); dl.dataset.plot = div.id;
  for (const fmtName of ['svg', 'png']) {
    const b = el('button', fmtName.toUpperCase());
    b.addEventListener('click', () => Plotly.downloadImage(div.id, { format: fmtName, width: 900, height: 600, filename: (f.title || 'figure').replace(/[^A-Za-z0-9_-]+/g, '_') }));
    dl.append(b);
  }
  wrap.append(div, cap, dl); container.append(wrap);
  const layout = Object.assign({}, f.layout, { height: 400, autosize: true });
  // title on the left, clear of plotly's mode bar on the right
  layout.title = { text: (f.layout.title && f.layout.title.text) || '', font: { size: 13 }, x: 0.01, xanchor: 'left' };
  // legend below the axis title (not over it); a right-hand axis gets round ticks of its own, not ticks synced to the left one
  const entries = f.data.filter((t) => t.showlegend !== false).length;
  layout.legend = { orientation: 'h', x: 0, y: -0.22, yanchor: 'top' };
  layout.margin = Object.assign({}, f.layout.margin || {}, { t: 40, b: 70 + 22 * Math.ceil(entries / 3) });
  if (layout.xaxis) layout.xaxis = Object.assign({}, layout.xaxis, { automargin: true });
  if (layout.yaxis2) layout.yaxis2 = Object.assign({}, layout.yaxis2, { tickmode: 'auto', showgrid: false });
  if (entries < 2) layout.showlegend = false;
  layout.modebar = { orientation: 'v' }; // down the right edge, not over the title
  Plotly.newPlot(div, f.data, layout, plotConfig);
  return div;
}

// ------------------------------------------------------------------ cycling view

function cyclingBody(path) {
  const body = { file: path, options: {} };
  const tech = $('cyc-technique').value; if (tech) body.technique = tech;
  const a = numOrNull($('cyc-area').value); if (a != null) body.geometry = { area_cm2: a };
  const m = numOrNull($('cyc-mass').value); if (m != null) body.options.active_mass_mg = m;
  const ref = numOrNull($('cyc-ref').value); if (ref != null) body.options.reference_cycle = ref;
  const cyc = $('cyc-cycles').value.split(/[ ,;]+/).filter(Boolean).map(Number);
  if (cyc.some((x) => !Number.isInteger(x))) throw new Error('cycles: give whole cycle numbers, e.g. 1, 50, 100');
  if (cyc.length) body.cycles = cyc;
  return body;
}

async function openCycling(path) {
  if (!path) throw new Error('click a cycling file in the file panel');
  showTab('cycling');
  // another file: the overrides typed for the previous one (technique, area, mass, cycles) do not carry over
  if (state.cycFile !== path) for (const id of ['cyc-technique', 'cyc-area', 'cyc-mass', 'cyc-cycles', 'cyc-ref']) $(id).value = '';
  state.cycFile = path;
  const r = await api('/api/analyse', cyclingBody(path));
  state.cycling = r;
  const res = r.outcomes[0].results, sec = r.outcomes[0].section;
  $('current').textContent = path + ' — ' + r.technique + (r.from_manifest ? ' (manifest item: ' + r.label + ')' : '');
  const sum = $('cyc-summary'); sum.replaceChildren();
  for (const p of sec.paragraphs) sum.append(el('p', p));
  const warn = $('cyc-warnings'); warn.replaceChildren();
  for (const w of sec.warnings) warn.append(el('li', w, 'bad'));
  const figs = $('cyc-figs'); figs.replaceChildren();
  const tables = $('cyc-tables'); tables.replaceChildren();
  if (r.voltage_time) renderFigure(figs, r.voltage_time);
  for (const f of sec.figures) renderFigure(figs, f);
  if (r.profiles) renderFigure(figs, r.profiles);
  if (Array.isArray(res.cycles)) {
    // retention vs cycle, from the analysis' own per-cycle numbers (ElectrochemistryJson)
    const c = res.cycles.filter((x) => x.complete && x.retention_pct != null);
    renderFigure(figs, {
      title: 'Capacity retention', caption: 'Discharge capacity relative to the reference cycle ' + res.reference_cycle + ' (' + res.formation_cycles + ' formation cycles); end of life at ' + res.end_of_life_pct + ' %.',
      data: [{ x: c.map((x) => x.index), y: c.map((x) => x.retention_pct), mode: 'markers', type: 'scatter', name: 'retention', marker: { size: 5 } },
        { x: [c[0] ? c[0].index : 0, c.length ? c[c.length - 1].index : 1], y: [res.end_of_life_pct, res.end_of_life_pct], mode: 'lines', name: 'end of life', line: { dash: 'dash', color: '#b42318' } }],
      layout: { title: { text: 'Capacity retention' }, xaxis: { title: { text: 'cycle' } }, yaxis: { title: { text: 'retention (%)' } }, legend: { orientation: 'h', y: -0.2 } },
    });
    if ($('cyc-ref').value === '') $('cyc-ref').value = res.reference_cycle;
    if ($('cyc-cycles').value === '' && r.profile_cycles) $('cyc-cycles').value = r.profile_cycles.join(', ');
  }
  for (const t of sec.tables) tables.append(renderTable(t));
  $('cyc-save').disabled = !(r.from_manifest && Array.isArray(res.cycles));
}

async function saveReferenceCycle() {
  const r = state.cycling;
  if (!r || !r.from_manifest) throw new Error('analyse a full-cell file listed in the manifest first');
  const ref = numOrNull($('cyc-ref').value);
  if (!Number.isInteger(ref)) throw new Error('reference cycle: give a cycle number');
  const d = await api('/api/decisions?file=' + encodeURIComponent(state.cycFile));
  await api('/api/decisions', { file: state.cycFile, version: d.version, decisions: { reference_cycle: ref } });
  await openCycling(state.cycFile);
}

// ------------------------------------------------------------------ structure view (3Dmol)

function viewer(id) {
  const div = $(id); div.replaceChildren();
  if (typeof $3Dmol === 'undefined') { div.textContent = '3Dmol.js did not load (run npm ci in the repository)'; return null; }
  const v = $3Dmol.createViewer(div, { backgroundColor: 'white' });
  state.viewers = (state.viewers || []).filter((x) => x.container !== div && x.getCanvas && x.getCanvas().isConnected);
  state.viewers.push(v);
  return v;
}

function drawCell(v, corners) {
  for (let a = 0; a < 8; a++) for (let b = a + 1; b < 8; b++) {
    const d = a ^ b; if (d !== 1 && d !== 2 && d !== 4) continue;
    const p = corners[a], q = corners[b];
    v.addLine({ start: { x: p[0], y: p[1], z: p[2] }, end: { x: q[0], y: q[1], z: q[2] }, color: '#444444' });
  }
}

async function openStructure(path) {
  if (!path) throw new Error('click a structure file in the file panel');
  showTab('structure');
  state.stFile = path;
  const r = await api('/api/analyse', { file: path, technique: 'structure', step: 'structure' });
  state.structure = r;
  const sec = r.outcomes[0].section, at = r.atoms;
  $('current').textContent = path + ' — structure' + (r.from_manifest ? ' (manifest item: ' + r.label + ')' : '');
  const sum = $('st-summary'); sum.replaceChildren();
  for (const p of sec.paragraphs) sum.append(el('p', p));
  const v = viewer('st-view');
  if (v) {
    const m1 = v.addModel(at.ordered_xyz, 'xyz'); m1.setStyle({}, { sphere: { scale: 0.3 }, stick: { radius: 0.08 } });
    if (at.partial_sites > 0) { const m2 = v.addModel(at.partial_xyz, 'xyz'); m2.setStyle({}, { sphere: { scale: 0.3, opacity: 0.4 } }); }
    drawCell(v, at.cell_corners);
    v.zoomTo(); v.render();
    $('st-view').dataset.rendered = 'true';
  }
  const partLabels = [...new Map(at.partial.map((p) => [p.text, p])).values()];
  $('st-caption').textContent = at.sites + ' sites; ' + (at.partial_sites ? at.partial_sites + ' partly occupied or shared, drawn translucent (' + partLabels.map((p) => p.text).slice(0, 6).join('; ') + (partLabels.length > 6 ? '; …' : '') + ')' : 'all fully occupied') + '. Cell edges in grey.';
  const tables = $('st-tables'); tables.replaceChildren();
  for (const t of sec.tables) tables.append(renderTable(t));
  const figs = $('st-figs'); figs.replaceChildren();
  for (const f of sec.figures) renderFigure(figs, f);
}

async function runBvse(path) {
  if (!path) throw new Error('click a structure file in the file panel');
  const r = await api('/api/analyse', { file: path, technique: 'structure', step: 'bvse' });
  state.bvse = r;
  const res = r.outcomes[0].results, sec = r.outcomes[0].section;
  const view = sec.views[0];
  if (res.error) throw new Error('BVSE: ' + res.error);
  const bs = res.barriers_ev || {};
  const b = [bs['3d'], bs['2d'], bs['1d']].find((x) => x != null);
  if (b != null) { $('bvse-energy').max = Math.max(1, Math.ceil(b * 2 * 10) / 10); $('bvse-energy').value = (b + 0.005).toFixed(2); $('bvse-energy-text').textContent = Number($('bvse-energy').value).toFixed(2); }
  const tables = $('st-tables');
  for (const old of tables.querySelectorAll('.bvse-table')) old.remove();
  for (const t of sec.tables) { const d = renderTable(t); d.classList.add('bvse-table'); tables.append(d); }
  const figs = $('st-figs');
  for (const f of sec.figures) renderFigure(figs, f);
  state.bvseView = view;
  drawBvse();
}

function drawBvse() {
  const view = state.bvseView; if (!view) return;
  const v = viewer('bvse-view'); if (!v) return;
  const m = v.addModel(view.model, view.format);
  v.setStyle({}, { sphere: { scale: 0.3 }, stick: { radius: 0.08 } });
  if (view.format === 'cif') v.addUnitCell(m);
  const e = Number($('bvse-energy').value);
  if (view.cube) v.addVolumetricData(view.cube, 'cube', { isoval: e, color: view.iso_color, opacity: 0.6 });
  v.zoomTo(); v.render();
  $('bvse-view').dataset.rendered = 'true'; $('bvse-view').dataset.iso = String(e);
  const bs = state.bvse.outcomes[0].results.barriers_ev || {};
  const bar = (x) => x == null ? 'none' : fmt(x, 3) + ' eV';
  $('bvse-caption').textContent = 'Region within ' + e.toFixed(2) + ' eV of the site-energy minimum (mobile-ion sites less than half occupied not drawn). Percolation barriers: 1D ' + bar(bs['1d']) + ', 2D ' + bar(bs['2d']) + ', 3D ' + bar(bs['3d']) + '.';
}

// ------------------------------------------------------------------ evaluate

let evalTimer = null;
async function startEvaluate() {
  const j = await api('/api/evaluate', {});
  showEvaluate(j); pollEvaluate(j.id);
}

async function cancelEvaluate() {
  if (!state.evalJob) return;
  showEvaluate(await api('/api/evaluate/' + state.evalJob + '/cancel', {}));
}

function pollEvaluate(id) {
  clearTimeout(evalTimer);
  evalTimer = setTimeout(async () => {
    try {
      const j = await api('/api/evaluate/' + id);
      showEvaluate(j);
      if (j.state === 'running') pollEvaluate(id);
    } catch (e) { status('evaluate: ' + e.message, true); }
  }, 400);
}

function showEvaluate(j) {
  state.evalJob = j.id;
  const running = j.state === 'running';
  $('eval-run').disabled = running; $('eval-cancel').disabled = !running;
  $('eval-progress').hidden = !running;
  $('eval-state').textContent = j.state + ' · ' + j.steps_done + ' steps · ' + j.elapsed_s + ' s' + (j.error ? ' · ' + j.error : '');
  $('eval-state').className = 'small ' + (j.state === 'failed' ? 'bad' : j.state === 'done' ? 'ok' : '');
  $('tab-evaluate').dataset.state = j.state;
  const ol = $('eval-messages'); ol.replaceChildren();
  for (const m of j.messages || []) ol.append(el('li', m));
  ol.scrollTop = ol.scrollHeight;
  if (j.state !== 'done' || !j.result) return;
  const r = j.result;
  const sc = $('eval-scorecard').querySelector('tbody'); sc.replaceChildren();
  for (const e of r.scorecard) {
    const tr = el('tr');
    tr.append(el('td', e.target), el('td', e.requirement), el('td', e.value == null ? '—' : (e.value_is_lower_bound ? '≥ ' : '') + fmtSci(e.value) + ' ' + e.unit), el('td', e.verdict, e.status === 'pass' ? 'pass' : e.status === 'fail' ? 'fail' : 'muted'));
    sc.append(tr);
  }
  const kf = $('eval-keyfigures'); kf.replaceChildren();
  for (const k of r.key_figures) kf.append(el('li', k.name + ': ' + k.value + (k.source ? ' (' + k.source + ')' : '')));
  const na = $('eval-notanalysed'); na.replaceChildren();
  for (const n of r.not_analysed) na.append(el('li', 'not analysed: ' + n.message, n.kind === 'failed' ? 'bad' : 'muted'));
  const an = $('eval-analyses').querySelector('tbody'); an.replaceChildren();
  for (const a of r.analyses) {
    const tr = el('tr');
    const td = el('td');
    if (a.view && a.files.length) {
      const b = el('button', 'open in ' + a.view);
      b.className = 'open-analysis'; b.dataset.key = a.key;
      b.addEventListener('click', () => guarded('open ' + a.key, () => openAnalysis(a)));
      td.append(b);
    }
    tr.append(el('td', a.key), el('td', a.files.length > 2 ? a.files[0] + ' … (' + a.files.length + ')' : a.files.join(', ')), td);
    an.append(tr);
  }
  const frame = $('eval-report');
  if (frame.dataset.run !== r.run_id) { frame.src = r.report_url; frame.dataset.run = r.run_id; }
  frame.hidden = false;
  const link = $('eval-report-link'); link.href = r.report_url; link.hidden = false;
}

async function openAnalysis(a) {
  if (a.view === 'fit') { showTab('fit'); await openFile(a.files[0]); if (a.files.length > 1) for (const c of document.querySelectorAll('.series-pick')) c.checked = a.files.includes(c.value); return; }
  if (a.view === 'cycling') { await openCycling(a.files[0]); return; }
  if (a.view === 'structure') await openStructure(a.files[0]);
}

async function resumeEvaluate() {
  const j = await api('/api/evaluate');
  if (j.state === 'none') return;
  showEvaluate(j);
  if (j.state === 'running') pollEvaluate(j.id);
}

// ------------------------------------------------------------------ wiring

function wire() {
  for (const b of document.querySelectorAll('#tabs button')) b.addEventListener('click', () => showTab(b.dataset.tab));
  $('norm').addEventListener('change', () => guarded('Ω·cm', async () => { await updateNorm(); draw(); }));
  $('cyc-run').addEventListener('click', () => guarded('cycling', () => openCycling(state.cycFile)));
  $('cyc-save').addEventListener('click', () => guarded('save reference cycle', saveReferenceCycle));
  $('st-run').addEventListener('click', () => guarded('structure', () => openStructure(state.stFile)));
  $('bvse-run').addEventListener('click', () => guarded('BVSE', () => runBvse(state.stFile)));
  $('bvse-energy').addEventListener('input', () => { $('bvse-energy-text').textContent = Number($('bvse-energy').value).toFixed(2); drawBvse(); });
  $('eval-run').addEventListener('click', () => guarded('evaluate', startEvaluate));
  $('eval-cancel').addEventListener('click', () => guarded('cancel', cancelEvaluate));
  $('circuit').addEventListener('input', () => { clearTimeout(validateTimer); validateTimer = setTimeout(() => validateCircuit().then(markStale).catch((e) => status(e.message, true)), 250); });
  $('autofit').addEventListener('click', () => guarded('auto-fit', () => doFit(false)));
  $('refit').addEventListener('click', () => guarded('fit', () => doFit(true)));
  $('simulate').addEventListener('click', () => guarded('simulate', doSimulate));
  $('clearmask').addEventListener('click', () => { state.mask.clear(); state.ranges = []; markStale(); draw(); });
  $('save').addEventListener('click', () => guarded('save decisions', doSave));
  $('compare-run').addEventListener('click', () => guarded('compare', doCompare));
  $('series-run').addEventListener('click', () => guarded('series', doSeries));
  $('series-cancel').addEventListener('click', () => guarded('cancel series', cancelSeries));
  $('kk-run').addEventListener('click', () => guarded('Lin-KK', doKk));
  $('drt-run').addEventListener('click', () => guarded('DRT', doDrt));
  $('export-json').addEventListener('click', () => guarded('export', () => doExport('json')));
  $('export-params').addEventListener('click', () => guarded('export', () => doExport('parameters')));
  $('export-data').addEventListener('click', () => guarded('export', () => doExport('data')));
  for (const d of document.querySelectorAll('.dl')) {
    for (const fmtName of ['svg', 'png']) {
      const b = el('button', fmtName.toUpperCase());
      b.addEventListener('click', () => Plotly.downloadImage(d.dataset.plot, { format: fmtName, width: 900, height: 600, filename: baseName() + '_' + d.dataset.plot }));
      d.append(b);
    }
  }
}

// drag and drop onto the file panel: stored in the workspace (size limit 12 MB, no overwrite)
function wireUpload() {
  const panel = $('filepanel');
  panel.addEventListener('dragover', (ev) => { ev.preventDefault(); panel.classList.add('drop'); });
  panel.addEventListener('dragleave', () => panel.classList.remove('drop'));
  panel.addEventListener('drop', (ev) => {
    ev.preventDefault(); panel.classList.remove('drop');
    for (const file of ev.dataTransfer.files) {
      guarded('upload ' + file.name, async () => {
        if (file.size > 12 * 1024 * 1024) throw new Error(file.name + ' is larger than 12 MB');
        const buf = new Uint8Array(await file.arrayBuffer());
        let bin = ''; for (let i = 0; i < buf.length; i += 0x8000) bin += String.fromCharCode.apply(null, buf.subarray(i, i + 0x8000));
        await api('/api/upload', { name: file.name, content_base64: btoa(bin) });
        await loadFiles();
      });
    }
  });
}

window.addEventListener('DOMContentLoaded', () => {
  if (typeof Plotly === 'undefined') { status('plotly.js did not load (run npm ci in the repository)', true); return; }
  wire(); wireUpload();
  guarded('load files', loadFiles).then(() => resumeEvaluate().catch((e) => status(e.message, true))).then(() => resumeSeries().catch((e) => status(e.message, true))).then(() => { document.body.dataset.ready = '1'; });
});
