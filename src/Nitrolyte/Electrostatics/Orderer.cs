using System.Numerics;
using Nitrolyte.Core;
using Nitrolyte.Structures;

namespace Nitrolyte.Electrostatics;

/// <summary>Options of <see cref="Orderer.Run"/>.</summary>
public sealed record OrderingOptions
{
    /// <summary>Random decorations to sample (seed 002: 3000).</summary>
    public int Samples { get; init; } = 3000;
    /// <summary>Caps on the options that multiply work: samples, annealing steps per kept structure, structures written.</summary>
    public const int MaxSamples = 1_000_000;
    public const int MaxImproveSteps = 1_000_000;
    public const int MaxKept = 10_000;
    /// <summary>Keep this many lowest-energy decorations (seed 002: 30).</summary>
    public int KeepLowest { get; init; } = 30;
    /// <summary>Plus this many random ones from the rest (seed 002: 20).</summary>
    public int KeepRandom { get; init; } = 20;
    public int Seed { get; init; } = 42;
    /// <summary>Swap steps of simulated annealing applied to each kept lowest decoration (0 = none).</summary>
    public int ImproveSteps { get; init; }
    /// <summary>Start temperature of the annealing (eV); it falls linearly to zero.</summary>
    public double AnnealStartEV { get; init; } = 0.5;
    /// <summary>Worker threads for the sampled energies (null: all cores; see <see cref="Core.Jobs"/>). The decorations are
    /// drawn serially from the seed and ranked in sample order, so the result is the same for any value.</summary>
    public int? Jobs { get; init; }
}

/// <summary>How many atoms of a species a group of equivalent supercell sites gets.</summary>
public sealed record SpeciesCount(string Group, string Element, double OxidationState, int Sites, double Ideal, int Chosen);

/// <summary>One kept decoration: its ordered structure and Ewald energy (eV, per supercell).</summary>
public sealed record OrderedConfiguration(Structure Structure, double EwaldEV, bool Random, int SampleIndex, bool Improved);

public sealed record OrderingResult(
    Structure Supercell, IReadOnlyList<SpeciesCount> Counts, IReadOnlyList<string> RoundingNotes, int Evaluated,
    IReadOnlyList<OrderedConfiguration> Configurations, double MinSampledEV, double MeanSampledEV, double MaxSampledEV, int Seed);

/// <summary>
/// Orders a partially occupied structure the way seed 002 does: build a supercell, give each group of equivalent
/// partially occupied sites exactly the whole numbers of atoms its occupancies imply (rounded, then made
/// charge-neutral by removing ions of the sign of the excess charge, the choice that keeps the closest counts),
/// sample random decorations and rank them by Ewald energy through a precomputed unit-charge Ewald matrix
/// (E = ½ qᵀ M q, one dense pass per decoration), keep the K lowest and M random ones, optionally improving the
/// lowest by simulated annealing of pair swaps whose energy change costs O(N) through the site potentials.
/// </summary>
public static class Orderer
{
    public static OrderingResult Run(Structure disordered, int[,] supercell, OrderingOptions opt, IProgress<(int Done, int Total)>? progress = null)
    {
        if (opt.Samples < 1) throw new NitrolyteInputException("--samples must be at least 1");
        if (opt.KeepLowest < 0 || opt.KeepRandom < 0) throw new NitrolyteInputException("--keep and --random must not be negative");
        if (opt.Samples > OrderingOptions.MaxSamples) throw new NitrolyteInputException($"--samples {opt.Samples:N0} is more than the cap of {OrderingOptions.MaxSamples:N0}");
        if (opt.ImproveSteps > OrderingOptions.MaxImproveSteps) throw new NitrolyteInputException($"--improve {opt.ImproveSteps:N0} is more than the cap of {OrderingOptions.MaxImproveSteps:N0} steps");
        if ((long)opt.KeepLowest + opt.KeepRandom > OrderingOptions.MaxKept) throw new NitrolyteInputException($"--keep + --random = {(long)opt.KeepLowest + opt.KeepRandom:N0} structures is more than the cap of {OrderingOptions.MaxKept:N0}");
        var sc = disordered.Supercell(supercell);
        int n = sc.Sites.Count;
        foreach (var sp in sc.Sites.SelectMany(s => s.Species))
            if (sp.OxidationState is null) throw new NitrolyteInputException($"{sp.Element} has no oxidation state; assign them first (e.g. --oxidation Li=1,N=-3,Cl=-1)");

        // groups of sites with the same species/occupancy list
        var groups = sc.Sites.Select((s, i) => (s, i))
            .Where(x => !x.s.IsOrdered)
            .GroupBy(x => string.Join(";", x.s.Species.Select(sp => $"{sp.Element}:{sp.Occupancy:R}:{sp.OxidationState:R}")))
            .Select(g => new Group(g.First().s.Label, g.Select(x => x.i).ToArray(), g.First().s.Species))
            .ToList();
        var counts = new List<SpeciesCount>();
        var notes = new List<string>();
        foreach (var g in groups)
        {
            foreach (var sp in g.Species)
            {
                double ideal = g.Sites.Length * sp.Occupancy;
                g.Counts[sp.Element] = (int)Math.Round(ideal, MidpointRounding.AwayFromZero);
            }
            if (g.Counts.Values.Sum() > g.Sites.Length) throw new NitrolyteInputException($"site group {g.Label}: rounded counts exceed the {g.Sites.Length} sites");
        }
        double fixedCharge = sc.Sites.Where(s => s.IsOrdered).Sum(s => s.Species[0].OxidationState!.Value);
        double Net() => fixedCharge + groups.Sum(g => g.Species.Sum(sp => g.Counts[sp.Element] * sp.OxidationState!.Value));
        for (int guard = 0; guard < 1000 && Math.Abs(Net()) > 1e-6; guard++)
        {
            double qNet = Net();
            // candidates: remove one ion with the sign of the excess, or add one of the opposite sign where a vacancy is left
            var cands = new List<(Group G, SiteSpecies Sp, int Delta, double NewAbs, double Dev)>();
            foreach (var g in groups)
                foreach (var sp in g.Species)
                {
                    double z = sp.OxidationState!.Value;
                    double ideal = g.Sites.Length * sp.Occupancy;
                    int c = g.Counts[sp.Element];
                    if (Math.Sign(z) == Math.Sign(qNet) && c > 0) cands.Add((g, sp, -1, Math.Abs(qNet - z), Math.Abs(c - 1 - ideal)));
                    if (Math.Sign(z) == -Math.Sign(qNet) && g.Counts.Values.Sum() < g.Sites.Length) cands.Add((g, sp, +1, Math.Abs(qNet + z), Math.Abs(c + 1 - ideal)));
                }
            var best = cands.Where(c => c.NewAbs < Math.Abs(qNet) - 1e-9).OrderBy(c => c.Delta > 0 ? 1 : 0).ThenBy(c => c.NewAbs).ThenBy(c => c.Dev).FirstOrDefault();
            if (best.G is null) break;
            best.G.Counts[best.Sp.Element] += best.Delta;
            notes.Add($"{best.G.Label}: {(best.Delta < 0 ? "removed" : "added")} one {best.Sp.Element} to make the cell neutral (net charge was {qNet:+0.###;-0.###} e)");
        }
        double net = Net();
        if (Math.Abs(net) > 1e-6) notes.Add($"the supercell keeps a net charge of {net:+0.###;-0.###} e (no whole-atom change fixes it); the Ewald energies include the neutralising background");
        var roundingNotes = new List<string>();
        foreach (var g in groups)
            foreach (var sp in g.Species)
            {
                double ideal = g.Sites.Length * sp.Occupancy;
                counts.Add(new SpeciesCount(g.Label, sp.Element, sp.OxidationState!.Value, g.Sites.Length, ideal, g.Counts[sp.Element]));
                if (Math.Abs(ideal - g.Counts[sp.Element]) > 1e-6)
                    roundingNotes.Add($"{g.Label}: {sp.Element} {ideal:0.###} on {g.Sites.Length} sites -> {g.Counts[sp.Element]}");
            }
        notes.InsertRange(0, roundingNotes);

        // Ewald matrix of all supercell positions
        var pos = sc.Sites.Select(s => (s.FracA, s.FracB, s.FracC)).ToArray();
        var m = Ewald.BuildMatrix(sc.Lattice, pos).TotalMatrixEV();
        var model = new DecorationModel(n, m);

        // the charge template: fixed sites carry their charge; group sites get a shuffled list of species (null = vacancy)
        var baseQ = new double[n];
        for (int i = 0; i < n; i++) if (sc.Sites[i].IsOrdered) baseQ[i] = sc.Sites[i].Species[0].OxidationState!.Value;
        var pools = groups.Select(g =>
        {
            var list = new List<int>();   // index into g.Species, -1 = vacancy
            for (int k = 0; k < g.Species.Count; k++) list.AddRange(Enumerable.Repeat(k, g.Counts[g.Species[k].Element]));
            list.AddRange(Enumerable.Repeat(-1, g.Sites.Length - list.Count));
            return list.ToArray();
        }).ToList();

        var rng = new Random(opt.Seed);
        var pickRng = new Random(unchecked(opt.Seed * 7919 + 17));
        int decoLength = groups.Sum(g => g.Sites.Length);
        int report = Math.Max(1, opt.Samples / 20);
        // memory stays O(K + M): the K lowest distinct decorations in a sorted list, and a uniform reservoir of
        // K + M samples from which the random ones are drawn at the end
        var lowestList = new List<(double E, int[] Deco, int Index, string Key)>();
        var lowestKeys = new HashSet<string>();
        int reservoirSize = opt.KeepLowest + opt.KeepRandom;
        var reservoir = new List<(double E, int[] Deco, int Index)>();
        double eMin = double.PositiveInfinity, eMax = double.NegativeInfinity, eSum = 0;
        var deco = new int[decoLength];
        // Samples in batches: decorations drawn serially from the seeded generator, their energies (the O(N²) part)
        // on opt.Jobs cores, then ranked serially in sample order, so any number of jobs gives the same result.
        int batch = (int)Math.Clamp(4_000_000L / Math.Max(1, n), 1, 1024);
        var qBatch = new double[batch * n];
        var decoBatch = new int[batch * decoLength];
        var eBatch = new double[batch];
        int jobs = Core.Jobs.Resolve(opt.Jobs);
        for (int b0 = 0; b0 < opt.Samples; b0 += batch)
        {
            int count = Math.Min(batch, opt.Samples - b0);
            for (int b = 0; b < count; b++)
            {
                int off = 0;
                var qb = qBatch.AsSpan(b * n, n);
                baseQ.CopyTo(qb);
                for (int gi = 0; gi < groups.Count; gi++)
                {
                    var pool = pools[gi];
                    var g = groups[gi];
                    Shuffle(pool, rng);
                    for (int k = 0; k < pool.Length; k++)
                    {
                        decoBatch[b * decoLength + off + k] = pool[k];
                        qb[g.Sites[k]] = pool[k] < 0 ? 0 : g.Species[pool[k]].OxidationState!.Value;
                    }
                    off += pool.Length;
                }
            }
            if (jobs <= 1 || count < 64)
                for (int b = 0; b < count; b++) eBatch[b] = model.Energy(qBatch.AsSpan(b * n, n));
            else
                Parallel.For(0, count, new ParallelOptions { MaxDegreeOfParallelism = jobs }, b => eBatch[b] = model.Energy(qBatch.AsSpan(b * n, n)));
            for (int b = 0; b < count; b++)
            {
                int sIdx = b0 + b;
                Array.Copy(decoBatch, b * decoLength, deco, 0, decoLength);
                double e = eBatch[b];
                eMin = Math.Min(eMin, e); eMax = Math.Max(eMax, e); eSum += e;
                if (opt.KeepLowest > 0 && (lowestList.Count < opt.KeepLowest || e < lowestList[^1].E))
                {
                    var key = string.Join(",", deco);
                    if (!lowestKeys.Contains(key))
                    {
                        int at = lowestList.FindIndex(x => x.E > e);
                        var item = (e, (int[])deco.Clone(), sIdx, key);
                        if (at < 0) lowestList.Add(item); else lowestList.Insert(at, item);
                        lowestKeys.Add(key);
                        if (lowestList.Count > opt.KeepLowest)
                        {
                            lowestKeys.Remove(lowestList[^1].Key);
                            lowestList.RemoveAt(lowestList.Count - 1);
                        }
                    }
                }
                if (reservoirSize > 0)
                {
                    if (reservoir.Count < reservoirSize) reservoir.Add((e, (int[])deco.Clone(), sIdx));
                    else
                    {
                        int j = pickRng.Next(sIdx + 1);
                        if (j < reservoirSize) reservoir[j] = (e, (int[])deco.Clone(), sIdx);
                    }
                }
                if ((sIdx + 1) % report == 0 || sIdx + 1 == opt.Samples) progress?.Report((sIdx + 1, opt.Samples));
            }
        }

        // M random ones: reservoir members that are not among the lowest (and distinct)
        var seen = new HashSet<string>(lowestKeys);
        var candidates = reservoir.ToArray();
        Shuffle(candidates, pickRng);
        var randomPick = new List<(double E, int[] Deco, int Index)>();
        foreach (var c in candidates)
        {
            if (randomPick.Count >= opt.KeepRandom) break;
            if (seen.Add(string.Join(",", c.Deco))) randomPick.Add(c);
        }

        var configs = new List<OrderedConfiguration>();
        foreach (var (e0, d0, idx, _) in lowestList)
        {
            var d = d0;
            double e = e0;
            bool improved = false;
            if (opt.ImproveSteps > 0)
            {
                (d, var e2) = Anneal(groups, baseQ, d0, model, opt, rng);
                improved = e2 < e - 1e-9;
                e = Math.Min(e, e2);
            }
            configs.Add(new OrderedConfiguration(Build(sc, groups, d), e, false, idx, improved));
        }
        foreach (var (e, d, idx) in randomPick) configs.Add(new OrderedConfiguration(Build(sc, groups, d), e, true, idx, false));
        configs = configs.OrderBy(c => c.EwaldEV).ToList();
        return new OrderingResult(sc, counts, notes, opt.Samples, configs, eMin, eSum / opt.Samples, eMax, opt.Seed);
    }

    private static (int[] Deco, double EnergyEV) Anneal(List<Group> groups, double[] baseQ, int[] start, DecorationModel model, OrderingOptions opt, Random rng)
    {
        var deco = (int[])start.Clone();
        var q = (double[])baseQ.Clone();
        var siteOf = new int[deco.Length];
        var groupOf = new int[deco.Length];
        int off = 0;
        for (int gi = 0; gi < groups.Count; gi++)
        {
            for (int k = 0; k < groups[gi].Sites.Length; k++)
            {
                siteOf[off + k] = groups[gi].Sites[k];
                groupOf[off + k] = gi;
                q[groups[gi].Sites[k]] = deco[off + k] < 0 ? 0 : groups[gi].Species[deco[off + k]].OxidationState!.Value;
            }
            off += groups[gi].Sites.Length;
        }
        var phi = model.Potentials(q);
        double e = model.Energy(q), bestE = e;
        var best = (int[])deco.Clone();
        var starts = new int[groups.Count];
        off = 0;
        for (int gi = 0; gi < groups.Count; gi++) { starts[gi] = off; off += groups[gi].Sites.Length; }
        for (int step = 0; step < opt.ImproveSteps; step++)
        {
            double t = opt.AnnealStartEV * (1 - (double)step / opt.ImproveSteps);
            int gi = rng.Next(groups.Count);
            int len = groups[gi].Sites.Length;
            int a = starts[gi] + rng.Next(len), b = starts[gi] + rng.Next(len);
            if (deco[a] == deco[b]) continue;
            int i = siteOf[a], j = siteOf[b];
            double qi = q[i], qj = q[j];
            double d = model.SwapDelta(phi, i, j, qi, qj);
            if (d <= 0 || (t > 0 && rng.NextDouble() < Math.Exp(-d / t)))
            {
                (deco[a], deco[b]) = (deco[b], deco[a]);
                q[i] = qj; q[j] = qi;
                model.UpdatePotentials(phi, i, qj - qi, j, qi - qj);
                e += d;
                if (e < bestE - 1e-12) { bestE = e; best = (int[])deco.Clone(); }
            }
        }
        return (best, bestE);
    }

    private static Structure Build(Structure sc, List<Group> groups, int[] deco)
    {
        var sites = new List<Site>();
        foreach (var s in sc.Sites.Where(s => s.IsOrdered)) sites.Add(s);
        int off = 0;
        foreach (var g in groups)
        {
            for (int k = 0; k < g.Sites.Length; k++)
            {
                int d = deco[off + k];
                if (d < 0) continue;
                var site = sc.Sites[g.Sites[k]];
                var sp = g.Species[d];
                sites.Add(new Site(sp.Element, site.FracA, site.FracB, site.FracC, [new SiteSpecies(sp.Element, 1, sp.OxidationState)]));
            }
            off += g.Sites.Length;
        }
        // group by element (cations first as they appear) for readable POSCARs
        var present = sites.Select(s => s.Species[0].Element).ToHashSet();
        var orderEl = sc.Composition.Elements.Where(present.Contains).ToList();
        var sorted = orderEl.SelectMany(e => sites.Where(s => s.Species[0].Element == e)).ToList();
        return new Structure(sc.Lattice, sorted) { Title = sc.Title };
    }

    private static void Shuffle<T>(T[] a, Random rng)
    {
        for (int i = a.Length - 1; i > 0; i--)
        {
            int j = rng.Next(i + 1);
            (a[i], a[j]) = (a[j], a[i]);
        }
    }

    private sealed class Group(string label, int[] sites, IReadOnlyList<SiteSpecies> species)
    {
        public string Label { get; } = label;
        public int[] Sites { get; } = sites;
        public IReadOnlyList<SiteSpecies> Species { get; } = species;
        public Dictionary<string, int> Counts { get; } = [];
    }
}

/// <summary>
/// Energy of charge decorations of fixed positions through a precomputed symmetric matrix M (eV/e²):
/// E = ½ qᵀ M q. Full evaluation is one dense SIMD pass over M (O(N²)); a swap of the charges of two sites
/// changes it by ΔE = δ(φ_i − φ_j) + ½δ²(M_ii + M_jj − 2M_ij) with φ = Mq, δ = q_j − q_i (O(1)), and φ is
/// updated in O(N) when the swap is accepted.
/// </summary>
public sealed class DecorationModel(int n, double[] matrix)
{
    public int N { get; } = n;
    public double[] Matrix { get; } = matrix;

    public double Energy(ReadOnlySpan<double> q)
    {
        double total = 0;
        int w = Vector<double>.Count;
        for (int i = 0; i < N; i++)
        {
            double qi = q[i];
            if (qi == 0) continue;
            var row = new ReadOnlySpan<double>(Matrix, i * N, N);
            var acc = Vector<double>.Zero;
            int j = 0;
            for (; j <= N - w; j += w) acc += new Vector<double>(row.Slice(j, w)) * new Vector<double>(q.Slice(j, w));
            double s = Vector.Sum(acc);
            for (; j < N; j++) s += row[j] * q[j];
            total += qi * s;
        }
        return 0.5 * total;
    }

    public double[] Potentials(ReadOnlySpan<double> q)
    {
        var phi = new double[N];
        for (int i = 0; i < N; i++)
        {
            double s = 0;
            for (int j = 0; j < N; j++) s += Matrix[i * N + j] * q[j];
            phi[i] = s;
        }
        return phi;
    }

    /// <summary>Energy change when sites i and j (charges qi, qj) exchange their charges.</summary>
    public double SwapDelta(double[] phi, int i, int j, double qi, double qj)
    {
        double d = qj - qi;
        return d * (phi[i] - phi[j]) + 0.5 * d * d * (Matrix[i * N + i] + Matrix[j * N + j] - 2 * Matrix[i * N + j]);
    }

    public void UpdatePotentials(double[] phi, int i, double dqi, int j, double dqj)
    {
        for (int k = 0; k < N; k++) phi[k] += Matrix[k * N + i] * dqi + Matrix[k * N + j] * dqj;
    }
}
