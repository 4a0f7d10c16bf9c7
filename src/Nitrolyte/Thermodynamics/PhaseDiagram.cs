using Nitrolyte.Chemistry;
using Nitrolyte.Core;
using Nitrolyte.Numerics;

namespace Nitrolyte.Thermodynamics;

/// <summary>One product of a decomposition: the entry and its share of the atoms (fractions sum to 1).</summary>
public sealed record DecompositionPart(Entry Entry, double Fraction);

/// <summary>The equilibrium phase assemblage at a composition and the hull energy there.</summary>
public sealed record Decomposition(IReadOnlyList<DecompositionPart> Parts, double HullEnergyPerAtomEV, double HullFormationEnergyPerAtomEV)
{
    public IReadOnlyDictionary<string, double> ByName => Parts.ToDictionary(p => p.Entry.Name, p => p.Fraction);
}

/// <summary>A facet of the lower hull: the stable entries at its corners and the chemical potential (eV/atom) of each component on it.</summary>
public sealed record Facet(IReadOnlyList<Entry> Entries, IReadOnlyDictionary<string, double> ChemicalPotentialsEV)
{
    public string Name => string.Join("-", Entries.Select(e => e.Name));
}

/// <summary>
/// A compositional phase diagram in any number of components: the lower convex hull of formation energy per atom.
///
/// Method (documented in docs/stability.md): only the lowest-energy entry at each composition and only entries with
/// negative formation energy (plus the elemental references) can be on the hull — as in pymatgen. The hull itself is
/// never built geometrically: the hull energy at a composition x is the linear program
/// <c>min Σ λ_j e_j  subject to  Σ λ_j x_j = x, λ ≥ 0</c> (e_j: formation energy per atom, x_j: atomic fractions),
/// whose optimal λ is the decomposition and whose dual is the chemical potential of each element on the facet.
/// An entry is stable when the hull built from all OTHER compositions lies above it by more than
/// <see cref="StableToleranceEV"/>. LPs have no trouble with coplanar points or degenerate facets, which is where
/// geometric hull codes need joggling. The candidate columns are handled by column generation (a small working set
/// grown with the most violated columns), so thousands of entries cost little more than the stable set.
/// </summary>
public sealed class PhaseDiagram
{
    /// <summary>Formation energy below which (eV/atom, strictly negative) an entry is a hull candidate (pymatgen: 1e-11).</summary>
    public const double FormationEnergyToleranceEV = 1e-11;
    /// <summary>An entry is stable when it is more than this (eV/atom) below the hull of the other compositions.</summary>
    public const double StableToleranceEV = 1e-10;
    private const double PricingTolerance = 1e-10;

    private readonly int _n;
    private readonly Entry[] _entries;
    private readonly double[] _frac; // row-major N × n atomic fractions
    private readonly double[] _atoms;
    private readonly double[] _epa;
    private readonly double[] _ef;
    private readonly double[] _ref; // reference energy per atom of each component
    private readonly int[] _refRow;
    private readonly Dictionary<Entry, int> _rowOf = new(ReferenceEqualityComparer.Instance);
    private readonly int[] _stable;
    private readonly double[] _stA;
    private readonly double[] _stC;
    private readonly int[] _identity;
    private readonly Func<Composition, double[]> _toComponents;
    private double[]? _eAbove;
    private Decomposition?[]? _decomp;
    private List<(int[] Rows, double[] Mu)>? _facets;

    public IReadOnlyList<string> Elements { get; }
    public IReadOnlyList<Entry> AllEntries => _entries;
    /// <summary>Lowest-energy pure-component entry of each component.</summary>
    public IReadOnlyDictionary<string, Entry> ElementReferences { get; }
    /// <summary>Entries on the hull (vertices), elemental references first.</summary>
    public IReadOnlyList<Entry> StableEntries { get; }
    /// <summary>Entries that took part in the hull: lowest per composition with negative formation energy, plus references.</summary>
    public IReadOnlyList<Entry> HullCandidates { get; }
    /// <summary>For a grand potential diagram: the open elements and their chemical potentials (eV/atom); empty otherwise.</summary>
    public IReadOnlyDictionary<string, double> OpenChemicalPotentialsEV { get; private init; } = new Dictionary<string, double>();
    /// <summary>For a grand potential or compound diagram: the original entry behind each entry of this diagram.</summary>
    public IReadOnlyDictionary<Entry, Entry> OriginalOf { get; private init; } = new Dictionary<Entry, Entry>();

    /// <summary>Builds the diagram of the entries in the space of <paramref name="elements"/> (default: every element present).</summary>
    public PhaseDiagram(IEnumerable<Entry> entries, IEnumerable<string>? elements = null)
        : this(Prepare(entries, elements, out var els), els, c => ElementVector(c, els)) { }

    private PhaseDiagram(List<(Entry Entry, double[] Amounts)> rows, IReadOnlyList<string> components, Func<Composition, double[]> toComponents)
    {
        Elements = components;
        _toComponents = toComponents;
        _n = components.Count;
        int n = _n, N = rows.Count;
        if (n == 0) throw new NitrolyteInputException("a phase diagram needs at least one element");
        if (N == 0) throw new NitrolyteInputException("no entries in the chemical system");
        _entries = new Entry[N];
        _frac = new double[N * n];
        _atoms = new double[N];
        _epa = new double[N];
        _ef = new double[N];
        for (int i = 0; i < N; i++)
        {
            var (e, amt) = rows[i];
            _entries[i] = e;
            _rowOf[e] = i;
            double tot = amt.Sum();
            if (!(tot > 0)) throw new NitrolyteInputException($"entry {e.Name} has no atoms in the chemical system");
            _atoms[i] = tot;
            for (int k = 0; k < n; k++) _frac[i * n + k] = amt[k] / tot;
            _epa[i] = e.EnergyEV / tot;
        }
        // Elemental references: lowest energy per atom among pure entries.
        _ref = new double[n];
        _refRow = new int[n];
        var refs = new Dictionary<string, Entry>();
        for (int k = 0; k < n; k++)
        {
            int best = -1;
            for (int i = 0; i < N; i++)
                if (Math.Abs(_frac[i * n + k] - 1) < 1e-12 && (best < 0 || _epa[i] < _epa[best])) best = i;
            if (best < 0) throw new NitrolyteInputException($"no entry for the pure element {components[k]}: a phase diagram needs a reference energy for every element");
            _refRow[k] = best;
            _ref[k] = _epa[best];
            refs[components[k]] = _entries[best];
        }
        ElementReferences = refs;
        for (int i = 0; i < N; i++)
        {
            double r = 0;
            for (int k = 0; k < n; k++) r += _frac[i * n + k] * _ref[k];
            _ef[i] = _epa[i] - r;
        }
        // Lowest entry per composition.
        var minAt = new Dictionary<string, int>();
        for (int i = 0; i < N; i++)
        {
            var key = CompositionKey(i);
            if (!minAt.TryGetValue(key, out var j) || _epa[i] < _epa[j]) minAt[key] = i;
        }
        var refSet = new HashSet<int>(_refRow);
        var candidates = new List<int>(_refRow);
        candidates.AddRange(minAt.Values.Where(i => !refSet.Contains(i) && _ef[i] < -FormationEnergyToleranceEV).OrderBy(i => i));
        HullCandidates = candidates.Select(i => _entries[i]).ToList();
        _identity = Enumerable.Range(0, n).ToArray();

        var stable = new List<int>(_refRow);
        stable.AddRange(FindStable(candidates));
        _stable = stable.ToArray();
        _stA = new double[_stable.Length * n];
        _stC = new double[_stable.Length];
        for (int s = 0; s < _stable.Length; s++)
        {
            Array.Copy(_frac, _stable[s] * n, _stA, s * n, n);
            _stC[s] = _ef[_stable[s]];
        }
        StableEntries = _stable.Select(i => _entries[i]).ToList();
    }

    private string CompositionKey(int i)
    {
        var parts = new long[_n];
        for (int k = 0; k < _n; k++) parts[k] = (long)Math.Round(_frac[i * _n + k] * 1e10);
        return string.Join(",", parts);
    }

    // ---------------------------------------------------------------- construction helpers

    private static List<(Entry, double[])> Prepare(IEnumerable<Entry> entries, IEnumerable<string>? elements, out IReadOnlyList<string> els)
    {
        var list = entries.ToList();
        var e = elements?.ToList() ?? list.SelectMany(x => x.Composition.Elements).Distinct().ToList();
        foreach (var sym in e) Element.FromSymbol(sym);
        els = e;
        var rows = new List<(Entry, double[])>();
        foreach (var entry in list)
        {
            if (entry.Composition.Elements.Any(x => !e.Contains(x))) continue; // outside the requested space
            rows.Add((entry, e.Select(x => entry.Composition[x]).ToArray()));
        }
        return rows;
    }

    private static double[] ElementVector(Composition c, IReadOnlyList<string> elements)
    {
        foreach (var el in c.Elements)
            if (!elements.Contains(el)) throw new NitrolyteInputException($"{c.Formula}: element {el} is not in the phase diagram ({string.Join("-", elements)})");
        return elements.Select(x => c[x]).ToArray();
    }

    /// <summary>
    /// A grand potential phase diagram: the system is open to the elements in <paramref name="chemicalPotentialsEV"/>
    /// (absolute chemical potential, eV/atom). Each entry's grand potential is Φ = E − Σ μ_X N_X and its composition
    /// drops the open elements; entries made only of open elements are left out (as pymatgen does).
    /// </summary>
    public static PhaseDiagram Grand(IEnumerable<Entry> entries, IReadOnlyDictionary<string, double> chemicalPotentialsEV, IEnumerable<string>? elements = null)
    {
        var list = entries.ToList();
        var all = elements?.ToList() ?? list.SelectMany(x => x.Composition.Elements).Distinct().ToList();
        var closed = all.Where(x => !chemicalPotentialsEV.ContainsKey(x)).ToList();
        if (closed.Count == 0) throw new NitrolyteInputException("every element is open: nothing left for a phase diagram");
        var rows = new List<(Entry, double[])>();
        var original = new Dictionary<Entry, Entry>(ReferenceEqualityComparer.Instance);
        foreach (var e in list)
        {
            if (e.Composition.Elements.Any(x => !all.Contains(x))) continue;
            var rest = e.Composition.Amounts.Where(kv => !chemicalPotentialsEV.ContainsKey(kv.Key)).ToList();
            if (rest.Count == 0) continue;
            double phi = e.EnergyEV - e.Composition.Amounts.Where(kv => chemicalPotentialsEV.ContainsKey(kv.Key)).Sum(kv => kv.Value * chemicalPotentialsEV[kv.Key]);
            var ge = new Entry(new Composition(rest), phi, 0, e.Name, e.Id, e.Metadata);
            original[ge] = e;
            rows.Add((ge, closed.Select(x => ge.Composition[x]).ToArray()));
        }
        return new PhaseDiagram(rows, closed, c => ElementVector(new Composition(c.Amounts.Where(kv => !chemicalPotentialsEV.ContainsKey(kv.Key))), closed))
        {
            OpenChemicalPotentialsEV = new Dictionary<string, double>(chemicalPotentialsEV),
            OriginalOf = original,
        };
    }

    /// <summary>
    /// A compound (pseudo-binary, pseudo-ternary...) phase diagram between terminal compositions, e.g. Li2O–Fe2O3:
    /// entries whose composition is a non-negative combination of the terminals, counted in formula units of the
    /// terminals as written (pymatgen's CompoundPhaseDiagram without normalisation).
    /// </summary>
    public static PhaseDiagram Compound(IEnumerable<Entry> entries, IReadOnlyList<Composition> terminals)
    {
        if (terminals.Count < 2) throw new NitrolyteInputException("a compound phase diagram needs at least two terminal compositions");
        var els = terminals.SelectMany(t => t.Elements).Distinct().ToList();
        var names = terminals.Select(t => t.Formula).ToList();
        var rows = new List<(Entry, double[])>();
        var original = new Dictionary<Entry, Entry>(ReferenceEqualityComparer.Instance);
        foreach (var e in entries)
        {
            if (e.Composition.Elements.Any(x => !els.Contains(x))) continue;
            var amounts = TerminalAmounts(e.Composition, terminals, els);
            if (amounts is null) continue;
            // The entry in the compound diagram: its composition counted in terminal units (stored as a pseudo composition on the original entry).
            var ce = new Entry(e.Composition, e.EnergyEV, 0, e.Name, e.Id, e.Metadata);
            original[ce] = e;
            rows.Add((ce, amounts));
        }
        return new PhaseDiagram(rows, names, c => TerminalAmounts(c, terminals, els)
            ?? throw new NitrolyteInputException($"{c.Formula} is not a non-negative combination of {string.Join(", ", names)}"))
        {
            OriginalOf = original,
        };
    }

    private static double[]? TerminalAmounts(Composition c, IReadOnlyList<Composition> terminals, IReadOnlyList<string> els)
    {
        int m = els.Count, k = terminals.Count;
        var a = MathNet.Numerics.LinearAlgebra.Matrix<double>.Build.Dense(m, k, (i, j) => terminals[j][els[i]]);
        var b = MathNet.Numerics.LinearAlgebra.Vector<double>.Build.Dense(m, i => c[els[i]]);
        var x = a.QR().Solve(b);
        if ((a * x - b).L2Norm() > 1e-6 * Math.Max(1, b.L2Norm())) return null;
        if (x.Any(v => v < -1e-8)) return null;
        return x.Select(v => Math.Max(0, v)).ToArray();
    }

    // ---------------------------------------------------------------- stability by linear programming

    /// <summary>Column generation over the candidate set: returns the rows that are hull vertices (besides the references).</summary>
    private List<int> FindStable(List<int> candidates)
    {
        int n = _n, H = candidates.Count;
        var hA = new double[H * n];
        var hC = new double[H];
        for (int h = 0; h < H; h++)
        {
            Array.Copy(_frac, candidates[h] * n, hA, h * n, n);
            hC[h] = _ef[candidates[h]];
        }
        // Working set: indices into candidates; the references are 0..n-1.
        var work = new List<int>(Enumerable.Range(0, n));
        var inWork = new bool[H];
        for (int k = 0; k < n; k++) inWork[k] = true;
        var wA = new List<double>(hA.AsSpan(0, n * n).ToArray());
        var wC = new List<double>(hC.AsSpan(0, n).ToArray());
        var validated = new Dictionary<string, (int Count, int First)>();
        var stable = new List<int>();
        var target = new double[n];
        var posInWork = new int[H];
        Array.Fill(posInWork, -1);
        for (int k = 0; k < n; k++) posInWork[k] = k;
        double[] wAArr = wA.ToArray(), wCArr = wC.ToArray();
        for (int h = n; h < H; h++)
        {
            Array.Copy(hA, h * n, target, 0, n);
            while (true)
            {
                int excludeW = posInWork[h];
                var res = LinearProgram.Minimize(wAArr, n, wCArr, target, _identity,
                    excludeW >= 0 ? j => j == excludeW : null);
                if (res.Status != LpStatus.Optimal) throw new InvalidOperationException($"hull LP failed ({res.Status})");
                var key = string.Join(",", res.Basis.Select(b => b < 0 ? -1 : work[b]).OrderBy(x => x));
                if (!validated.TryGetValue(key, out var v))
                {
                    v = Price(hA, hC, H, res.Duals, exclude: -1, out _);
                    validated[key] = v;
                }
                if (v.Count == 0 || (v.Count == 1 && v.First == h))
                {
                    if (res.Objective - hC[h] > StableToleranceEV) stable.Add(candidates[h]);
                    break;
                }
                Price(hA, hC, H, res.Duals, exclude: h, out var violators);
                if (violators.Count == 0)
                {
                    if (res.Objective - hC[h] > StableToleranceEV) stable.Add(candidates[h]);
                    break;
                }
                foreach (var j in violators)
                {
                    if (inWork[j]) continue;
                    inWork[j] = true;
                    posInWork[j] = work.Count;
                    work.Add(j);
                    for (int k = 0; k < n; k++) wA.Add(hA[j * n + k]);
                    wC.Add(hC[j]);
                }
                wAArr = wA.ToArray();
                wCArr = wC.ToArray();
            }
        }
        return stable;
    }

    /// <summary>Full pricing: how many columns have negative reduced cost, the first one, and the most violated few.</summary>
    private (int Count, int First) Price(double[] hA, double[] hC, int H, IReadOnlyList<double> duals, int exclude, out List<int> top)
    {
        var y = duals.ToArray(); // one copy of the n duals for the inner loop over the H columns
        int n = _n, count = 0, first = -1;
        var best = new List<(double D, int J)>();
        const int K = 8;
        for (int j = 0; j < H; j++)
        {
            if (j == exclude) continue;
            double d = hC[j];
            int o = j * n;
            for (int k = 0; k < n; k++) d -= y[k] * hA[o + k];
            if (d >= -PricingTolerance) continue;
            count++;
            if (first < 0) first = j;
            if (best.Count < K) { best.Add((d, j)); best.Sort((a, b) => a.D.CompareTo(b.D)); }
            else if (d < best[^1].D) { best[^1] = (d, j); best.Sort((a, b) => a.D.CompareTo(b.D)); }
        }
        top = best.Select(b => b.J).ToList();
        return (count, first);
    }

    private LpResult SolveStable(ReadOnlySpan<double> x)
    {
        var res = LinearProgram.Minimize(_stA, _n, _stC, x, _identity);
        if (res.Status != LpStatus.Optimal) throw new InvalidOperationException($"hull LP failed ({res.Status})");
        return res;
    }

    // ---------------------------------------------------------------- queries

    /// <summary>Atomic fractions of a composition in the diagram's components (throws for foreign elements).</summary>
    public double[] Fractions(Composition c)
    {
        var v = _toComponents(c);
        double t = v.Sum();
        if (!(t > 0)) throw new NitrolyteInputException($"{c.Formula} has no atoms in the chemical system {string.Join("-", Elements)}");
        return v.Select(x => x / t).ToArray();
    }

    /// <summary>Amount of each component in a composition (atoms, or terminal formula units for a compound diagram).</summary>
    public double[] Amounts(Composition c) => _toComponents(c);

    private Decomposition DecomposeFractions(double[] x)
    {
        var res = SolveStable(x);
        var parts = new List<DecompositionPart>();
        for (int i = 0; i < _n; i++)
        {
            if (res.Basis[i] < 0 || res.BasisValues[i] <= 1e-10) continue;
            parts.Add(new DecompositionPart(_entries[_stable[res.Basis[i]]], res.BasisValues[i]));
        }
        parts.Sort((a, b) => b.Fraction.CompareTo(a.Fraction));
        double refE = 0;
        for (int k = 0; k < _n; k++) refE += x[k] * _ref[k];
        return new Decomposition(parts, res.Objective + refE, res.Objective);
    }

    /// <summary>Equilibrium products (atom fractions) and hull energy per atom at a composition.</summary>
    public Decomposition GetDecomposition(Composition c) => DecomposeFractions(Fractions(c));

    public Decomposition GetDecompositionOfFractions(double[] fractions)
    {
        if (fractions.Length != _n) throw new ArgumentException("one fraction per component");
        double t = fractions.Sum();
        return DecomposeFractions(fractions.Select(f => f / t).ToArray());
    }

    /// <summary>Hull energy per atom (eV/atom) at a composition.</summary>
    public double HullEnergyPerAtomEV(Composition c) => GetDecomposition(c).HullEnergyPerAtomEV;

    /// <summary>Hull energy (eV) of the composition as written (per atom × atoms), as pymatgen's get_hull_energy.</summary>
    public double HullEnergyEV(Composition c) => HullEnergyPerAtomEV(c) * _toComponents(c).Sum();

    private int Row(Entry e) => _rowOf.TryGetValue(e, out var i) ? i
        : throw new NitrolyteInputException($"entry {e.Name} is not part of this phase diagram");

    public bool IsStable(Entry e) => Array.IndexOf(_stable, Row(e)) >= 0;

    /// <summary>Formation energy per atom (eV/atom) relative to the elemental references.</summary>
    public double FormationEnergyPerAtomEV(Entry e)
    {
        if (_rowOf.TryGetValue(e, out var i)) return _ef[i];
        var x = Fractions(e.Composition);
        double r = 0;
        for (int k = 0; k < _n; k++) r += x[k] * _ref[k];
        return e.EnergyEV / _toComponents(e.Composition).Sum() - r;
    }

    /// <summary>Formation energy (eV) of the entry as written.</summary>
    public double FormationEnergyEV(Entry e) => FormationEnergyPerAtomEV(e) * _toComponents(e.Composition).Sum();

    /// <summary>Energy per atom in this diagram (grand potential per non-open atom for a grand diagram).</summary>
    public double EnergyPerAtomEV(Entry e) => _rowOf.TryGetValue(e, out var i) ? _epa[i] : e.EnergyEV / _toComponents(e.Composition).Sum();

    /// <summary>Energy above the hull (eV/atom, ≥ 0) of any entry in the chemical space (it need not be in the diagram).</summary>
    public double EAboveHullEVPerAtom(Entry e) => DecompositionAndEAboveHull(e).EAboveHullEVPerAtom;

    /// <summary>Decomposition products and energy above hull. A stable entry decomposes into itself.</summary>
    public (Decomposition Decomposition, double EAboveHullEVPerAtom) DecompositionAndEAboveHull(Entry e)
    {
        if (_rowOf.TryGetValue(e, out var i))
        {
            EnsureAll();
            return (_decomp![i]!, _eAbove![i]);
        }
        var d = GetDecomposition(e.Composition);
        return (d, Math.Max(0, FormationEnergyPerAtomEV(e) - d.HullFormationEnergyPerAtomEV));
    }

    /// <summary>e_above_hull of every entry of the diagram, in <see cref="AllEntries"/> order.</summary>
    public IReadOnlyList<double> EAboveHullAll() { EnsureAll(); return _eAbove!; }

    private void EnsureAll()
    {
        if (_eAbove is not null) return;
        int N = _entries.Length;
        var ea = new double[N];
        var dec = new Decomposition?[N];
        var stableSet = new HashSet<int>(_stable);
        var x = new double[_n];
        var cache = new Dictionary<string, Decomposition>();
        for (int i = 0; i < N; i++)
        {
            if (stableSet.Contains(i))
            {
                double refE = 0;
                for (int k = 0; k < _n; k++) refE += _frac[i * _n + k] * _ref[k];
                dec[i] = new Decomposition([new DecompositionPart(_entries[i], 1)], _epa[i], _ef[i]);
                ea[i] = 0;
                continue;
            }
            var key = CompositionKey(i);
            if (!cache.TryGetValue(key, out var d))
            {
                Array.Copy(_frac, i * _n, x, 0, _n);
                d = DecomposeFractions(x);
                cache[key] = d;
            }
            dec[i] = d;
            ea[i] = Math.Max(0, _ef[i] - d.HullFormationEnergyPerAtomEV);
        }
        _decomp = dec;
        _eAbove = ea;
    }

    /// <summary>
    /// Phase separation (decomposition) energy, eV/atom: the entry's energy minus the hull built from every other
    /// composition (all hull candidates of a different composition). Negative for stable compounds (how far below the
    /// competing phases they lie), positive for unstable ones; elements give their energy above the reference.
    /// </summary>
    public double PhaseSeparationEnergyEVPerAtom(Entry e)
    {
        var x = Fractions(e.Composition);
        double ef = FormationEnergyPerAtomEV(e);
        if (x.Count(v => v > 1e-12) == 1) return ef;
        // Candidates of other compositions.
        var cols = new List<int>(_refRow);
        foreach (var c in HullCandidates)
        {
            int r = _rowOf[c];
            if (cols.Contains(r)) continue;
            bool same = true;
            for (int k = 0; k < _n; k++) if (Math.Abs(_frac[r * _n + k] - x[k]) > 1e-8) { same = false; break; }
            if (!same) cols.Add(r);
        }
        var a = new double[cols.Count * _n];
        var cst = new double[cols.Count];
        for (int j = 0; j < cols.Count; j++) { Array.Copy(_frac, cols[j] * _n, a, j * _n, _n); cst[j] = _ef[cols[j]]; }
        var res = LinearProgram.Minimize(a, _n, cst, x, _identity);
        return ef - res.Objective;
    }

    /// <summary>Chemical potentials (absolute, eV/atom) at a composition: the duals of the hull LP (one facet when the composition is on several).</summary>
    public IReadOnlyDictionary<string, double> ChemicalPotentialsAt(Composition c)
    {
        var res = SolveStable(Fractions(c));
        return Enumerable.Range(0, _n).ToDictionary(k => Elements[k], k => res.Duals[k] + _ref[k]);
    }

    /// <summary>Reference (pure component) energy per atom.</summary>
    public double ReferenceEnergyPerAtomEV(string component) => _ref[IndexOf(component)];

    public int IndexOf(string component)
    {
        for (int k = 0; k < _n; k++) if (Elements[k] == component) return k;
        throw new NitrolyteInputException($"{component} is not an element of the phase diagram ({string.Join("-", Elements)})");
    }

    // ---------------------------------------------------------------- facets

    /// <summary>
    /// Every facet of the lower hull (simplices of n stable entries whose plane no stable entry lies below).
    /// Enumerated over combinations of stable entries, so meant for diagrams with up to a few dozen stable phases;
    /// e_above_hull and decompositions never need it. Coplanar stable entries (a non-simplicial facet) give every
    /// simplex of that plane.
    /// </summary>
    public IReadOnlyList<Facet> Facets => EnsureFacets().Select(f => new Facet(
        f.Rows.Select(r => _entries[r]).ToList(),
        Enumerable.Range(0, _n).ToDictionary(k => Elements[k], k => f.Mu[k] + _ref[k]))).ToList();

    private List<(int[] Rows, double[] Mu)> EnsureFacets()
    {
        if (_facets is not null) return _facets;
        int n = _n, S = _stable.Length;
        var list = new List<(int[], double[])>();
        var idx = new int[n];
        var mat = new double[n, n];
        var rhs = new double[n];
        void Recurse(int depth, int start)
        {
            if (depth == n)
            {
                for (int r = 0; r < n; r++) { for (int k = 0; k < n; k++) mat[r, k] = _stA[idx[r] * n + k]; rhs[r] = _stC[idx[r]]; }
                var mu = SolveSmall(mat, rhs, n);
                if (mu is null) return;
                for (int s = 0; s < S; s++)
                {
                    double v = 0;
                    for (int k = 0; k < n; k++) v += mu[k] * _stA[s * n + k];
                    if (v > _stC[s] + 1e-9) return;
                }
                list.Add((idx.Select(i => _stable[i]).ToArray(), mu));
                return;
            }
            for (int i = start; i <= S - (n - depth); i++) { idx[depth] = i; Recurse(depth + 1, i + 1); }
        }
        Recurse(0, 0);
        _facets = list;
        return list;
    }

    private static double[]? SolveSmall(double[,] a0, double[] b0, int n)
    {
        var a = (double[,])a0.Clone();
        var b = (double[])b0.Clone();
        for (int c = 0; c < n; c++)
        {
            int p = c;
            for (int r = c + 1; r < n; r++) if (Math.Abs(a[r, c]) > Math.Abs(a[p, c])) p = r;
            if (Math.Abs(a[p, c]) < 1e-10) return null;
            if (p != c)
            {
                for (int k = 0; k < n; k++) (a[c, k], a[p, k]) = (a[p, k], a[c, k]);
                (b[c], b[p]) = (b[p], b[c]);
            }
            for (int r = c + 1; r < n; r++)
            {
                double f = a[r, c] / a[c, c];
                for (int k = c; k < n; k++) a[r, k] -= f * a[c, k];
                b[r] -= f * b[c];
            }
        }
        var x = new double[n];
        for (int r = n - 1; r >= 0; r--)
        {
            double s = b[r];
            for (int k = r + 1; k < n; k++) s -= a[r, k] * x[k];
            x[r] = s / a[r, r];
        }
        return x;
    }

    /// <summary>Every facet whose simplex contains the composition (several when it lies on a shared edge), with its chemical potentials.</summary>
    public IReadOnlyList<Facet> FacetsContaining(Composition c)
    {
        var x = Fractions(c);
        var result = new List<Facet>();
        var all = Facets;
        var raw = EnsureFacets();
        for (int f = 0; f < raw.Count; f++)
        {
            var m = new double[_n, _n];
            for (int r = 0; r < _n; r++) for (int k = 0; k < _n; k++) m[k, r] = _frac[raw[f].Rows[r] * _n + k];
            var bary = SolveSmall(m, x, _n);
            if (bary is not null && bary.All(v => v > -1e-9)) result.Add(all[f]);
        }
        return result;
    }

    /// <summary>
    /// The range of the open element's chemical potential over which the phase (a stable composition) is on the hull,
    /// with the other chemical potentials at the two extremes: pymatgen's get_chempot_range_stability_phase.
    /// Returns for each element (value at the minimum of μ_open, value at the maximum of μ_open); for the open element (min, max).
    /// </summary>
    public IReadOnlyDictionary<string, (double AtMinEV, double AtMaxEV)> ChemicalPotentialRangeOfPhase(Composition phase, string openElement)
    {
        int o = IndexOf(openElement);
        var x = Fractions(phase);
        var raw = EnsureFacets();
        int? fMin = null, fMax = null;
        double min = double.PositiveInfinity, max = double.NegativeInfinity;
        for (int f = 0; f < raw.Count; f++)
        {
            bool has = raw[f].Rows.Any(r => Enumerable.Range(0, _n).All(k => Math.Abs(_frac[r * _n + k] - x[k]) < 1e-8));
            if (!has) continue;
            double mu = raw[f].Mu[o];
            if (mu < min - 1e-12) { min = mu; fMin = f; }
            if (mu > max + 1e-12) { max = mu; fMax = f; }
        }
        if (fMin is null || fMax is null) throw new NitrolyteInputException($"{phase.Formula} is not a stable phase of the diagram");
        return Enumerable.Range(0, _n).ToDictionary(k => Elements[k], k => (raw[fMin.Value].Mu[k] + _ref[k], raw[fMax.Value].Mu[k] + _ref[k]));
    }

    // ---------------------------------------------------------------- lines through composition space

    /// <summary>A straight segment of the hull along a line between two compositions: h(s) = Intercept + Slope·s (formation energy per atom).</summary>
    public sealed record HullSegment(double S0, double S1, double InterceptEV, double SlopeEV);

    /// <summary>
    /// Critical points along the line x(s) = (1−s)·a + s·b between the atomic-fraction vectors of two compositions:
    /// the values of s (0 and 1 included) where the hull energy along the line has a kink (the equilibrium phases
    /// change), and the straight segments between them. Found with supporting lines from the hull LP (each LP gives
    /// a chemical-potential vector, i.e. a plane below the hull), refined by bisection of their intersections.
    /// </summary>
    public (IReadOnlyList<double> Points, IReadOnlyList<HullSegment> Segments) CriticalPoints(Composition a, Composition b)
    {
        var xa = Fractions(a);
        var xb = Fractions(b);
        if (xa.Zip(xb).All(p => Math.Abs(p.First - p.Second) < 1e-12)) return ([0.0, 1.0], [new HullSegment(0, 1, Hf(xa), 0)]);
        (double A, double B) Line(IReadOnlyList<double> y) // l(s) = y·x(s)
        {
            double la = 0, lb = 0;
            for (int k = 0; k < _n; k++) { la += y[k] * xa[k]; lb += y[k] * xb[k]; }
            return (la, lb - la);
        }
        double[] At(double s) => Enumerable.Range(0, _n).Select(k => (1 - s) * xa[k] + s * xb[k]).ToArray();
        var kinks = new List<(double S, (double A, double B) Left, (double A, double B) Right)>();
        var l0 = Line(SolveStable(xa).Duals);
        var l1 = Line(SolveStable(xb).Duals);
        void Recurse(double s0, (double A, double B) la, double s1, (double A, double B) lb, int depth)
        {
            if (Math.Abs(la.B - lb.B) < 1e-12 || depth > 200) return;
            double s = (lb.A - la.A) / (la.B - lb.B);
            if (s < s0) s = s0;
            if (s > s1) s = s1;
            var res = SolveStable(At(s));
            double h = res.Objective;
            if (h - (la.A + la.B * s) <= 1e-9)
            {
                kinks.Add((s, la, lb));
                return;
            }
            var ls = Line(res.Duals);
            Recurse(s0, la, s, ls, depth + 1);
            Recurse(s, ls, s1, lb, depth + 1);
        }
        Recurse(0, l0, 1, l1, 0);
        kinks.Sort((p, q) => p.S.CompareTo(q.S));
        var points = new List<double> { 0 };
        foreach (var k in kinks)
        {
            // Kinks at an end point only mean the end-point LP returned a non-unique plane.
            if (k.S <= points[^1] + 1e-9 || k.S >= 1 - 1e-9) continue;
            points.Add(k.S);
        }
        points.Add(1);
        // Each segment's line from the hull values at its ends (exact: the hull is linear in between).
        var hs = points.Select(s => SolveStable(At(s)).Objective).ToList();
        var segs = new List<HullSegment>();
        for (int i = 0; i + 1 < points.Count; i++)
        {
            double sa = points[i], sb = points[i + 1];
            double sl = (hs[i + 1] - hs[i]) / (sb - sa);
            segs.Add(new HullSegment(sa, sb, hs[i] - sl * sa, sl));
        }
        return (points, segs);
    }

    private double Hf(double[] x) => SolveStable(x).Objective;

    /// <summary>Hull formation energy per atom at atomic fractions x.</summary>
    public double HullFormationEnergyPerAtomEV(double[] fractions) => Hf(fractions);
}
