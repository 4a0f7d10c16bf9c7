using System.Text.Json.Nodes;
using Nitrolyte.Core;
using Nitrolyte.Electrostatics;
using Nitrolyte.Migration;
using Nitrolyte.Structures;
using Nitrolyte.Thermodynamics;

namespace Nitrolyte.Screening;

/// <summary>A candidate that could not be described: a short reason token and the one-line message.</summary>
public sealed class CandidateFailure(string reason, string message, Exception? inner = null) : Exception(message, inner)
{
    public string Reason { get; } = reason;
}

/// <summary>
/// The descriptors of one candidate structure, as a flat JSON object (snake_case, unit suffixes), in a fixed key order
/// so that the same structure and options give the same bytes:
/// bvse: bvse_1d_ev, bvse_2d_ev, bvse_3d_ev (BvseAnalysis.Percolate, the path of <c>nitrolyte bvse</c>; rounded to
/// 6 decimals as its JSON), bvse_dim (highest percolating dimension, 0 = none below the ceiling);
/// ewald: ewald_ev_per_atom (mean-field charges on partially occupied sites), ewald_ev;
/// composition: formula, atoms_per_cell, li_per_cell, li_fraction, density_g_per_cm3, volume_a3_per_atom;
/// bvs: li_bvs_mean, li_bvs_gii (bond-valence sums of the mobile-ion sites from the softBV R0, b; the global
/// instability index here is over those sites only, the table has no other cation pairs);
/// bottleneck (on request): bottleneck_radius_a (min over the lowest-dimension BVSE minimax path of the free radius
/// |x − x_j| − r_ion(j) to the framework ions, Shannon radii; <see cref="BottleneckRadius"/>), bottleneck_dim (that
/// path's dimension; 0 and null radius when nothing percolates below the ceiling), bottleneck_ion (the limiting ion);
/// hull (with entries): e_hull_mev (per atom, of the lowest entry of the candidate's composition), window_low_v, window_high_v,
/// hull_entry; null with a hull_note when the entries do not cover the composition.
/// </summary>
public static class CandidateDescriptors
{
    public static JsonObject Compute(Structure structure, CampaignConfig config, IReadOnlyList<Entry>? entries)
    {
        var o = new JsonObject();
        var want = config.Descriptors.ToHashSet();
        Structure? charged = null;
        Structure Charged()
        {
            if (charged is not null) return charged;
            try { return charged = OxidationStates.Assign(structure); }
            catch (NitrolyteInputException e) { throw new CandidateFailure("missing_oxidation_state", e.Message, e); }
        }
        if (want.Contains(DescriptorSet.Composition))
        {
            var c = structure.Composition;
            double atoms = c.TotalAtoms;
            double li = c[config.MobileIon];
            o["formula"] = c.Formula;
            o["atoms_per_cell"] = R(atoms, 8);
            o["li_per_cell"] = R(li, 8);
            o["li_fraction"] = R(li / atoms, 8);
            o["density_g_per_cm3"] = R(structure.DensityGPerCm3, 6);
            o["volume_a3_per_atom"] = R(structure.VolumeA3 / atoms, 6);
        }
        BvseResult? full = null;
        if (want.Contains(DescriptorSet.Bvse))
        {
            var opt = new BvseOptions { MobileIon = config.MobileIon, GridSpacingA = config.BvseGridA, MaxThreads = 1 };
            PercolationResult perc;
            try
            {
                // the bottleneck needs the minimax paths (Run = Percolate + Pathways: the barriers are the same numbers)
                if (want.Contains(DescriptorSet.Bottleneck)) perc = (full = BvseAnalysis.Run(structure, opt)).Percolation;
                else perc = BvseAnalysis.Percolate(structure, opt).Percolation;
            }
            catch (NitrolyteInputException e) { throw new CandidateFailure(Classify(e.Message), e.Message, e); }
            o["bvse_1d_ev"] = Barrier(perc.BarriersEV[0]);
            o["bvse_2d_ev"] = Barrier(perc.BarriersEV[1]);
            o["bvse_3d_ev"] = Barrier(perc.BarriersEV[2]);
            o["bvse_dim"] = perc.BarriersEV[2] is not null ? 3 : perc.BarriersEV[1] is not null ? 2 : perc.BarriersEV[0] is not null ? 1 : 0;
        }
        else if (want.Contains(DescriptorSet.Bottleneck))
        {
            var opt = new BvseOptions { MobileIon = config.MobileIon, GridSpacingA = config.BvseGridA, MaxThreads = 1 };
            try { full = BvseAnalysis.Run(structure, opt); }
            catch (NitrolyteInputException e) { throw new CandidateFailure(Classify(e.Message), e.Message, e); }
        }
        if (want.Contains(DescriptorSet.Bottleneck))
        {
            var path = full!.Pathways.Paths.OrderBy(p => p.Dimension).FirstOrDefault();
            if (path is null)
            {
                o["bottleneck_radius_a"] = null; o["bottleneck_dim"] = 0; o["bottleneck_ion"] = null;
            }
            else
            {
                Bottleneck b;
                try { b = BottleneckRadius.Along(Charged(), config.MobileIon, path, full.GridSpacingA); }
                catch (NitrolyteInputException e) { throw new CandidateFailure("missing_ionic_radius", e.Message, e); }
                o["bottleneck_radius_a"] = R(b.RadiusA, 4);
                o["bottleneck_dim"] = b.Dimension;
                o["bottleneck_ion"] = b.LimitingIon;
            }
        }
        if (want.Contains(DescriptorSet.Ewald))
        {
            var s = Charged();
            if (s.Sites.Count > Ewald.MaxMatrixSites) throw new CandidateFailure("too_large", $"{s.Sites.Count} sites: more than the Ewald limit of {Ewald.MaxMatrixSites}");
            EwaldResult e;
            try { e = Ewald.Compute(s); }
            catch (NitrolyteInputException ex) { throw new CandidateFailure("bad_structure", ex.Message, ex); }
            o["ewald_ev"] = R(e.TotalEV, 8);
            o["ewald_ev_per_atom"] = R(e.TotalEV / s.Composition.TotalAtoms, 8);
        }
        if (want.Contains(DescriptorSet.Bvs))
        {
            var (mean, gii) = BondValenceSums(Charged(), config.MobileIon);
            o["li_bvs_mean"] = Json(mean);
            o["li_bvs_gii"] = Json(gii);
        }
        if (want.Contains(DescriptorSet.Hull) && entries is { Count: > 0 })
        {
            var comp = structure.Composition;
            MaterialInDiagram? placed = null;
            string? note = null;
            // entries that do not cover the candidate's system are missing data, not a failed candidate
            try { placed = StabilityAnalysis.Place(entries, comp); }
            catch (NitrolyteInputException e) { note = e.Message; }
            if (placed is null)
            {
                o["e_hull_mev"] = null; o["window_low_v"] = null; o["window_high_v"] = null;
                o["hull_note"] = note;
            }
            else if (placed.Entry is null)
            {
                o["e_hull_mev"] = null; o["window_low_v"] = null; o["window_high_v"] = null;
                o["hull_note"] = $"no entry with the composition {comp.ReducedFormula} among the {placed.SystemEntries.Count} entries of its system";
            }
            else
            {
                o["e_hull_mev"] = R(placed.Diagram.EAboveHullEVPerAtom(placed.Entry) * 1000, 4);
                try
                {
                    var w = ElementProfile.Window(placed.Diagram, comp, config.MobileIon, placed.Entry);
                    o["window_low_v"] = Json(w.LowV, 4); o["window_high_v"] = Json(w.HighV, 4);
                }
                catch (NitrolyteInputException) { o["window_low_v"] = null; o["window_high_v"] = null; }
                o["hull_entry"] = placed.Entry.Name;
            }
        }
        return o;
    }

    /// <summary>Bond-valence sums of the mobile-ion sites (occupancy-weighted over partially occupied anion sites) and
    /// their root-mean-square deviation from the formal valence (a global instability index over those sites).</summary>
    public static (double Mean, double Gii) BondValenceSums(Structure s, string mobile)
    {
        var pairs = new Dictionary<string, BvsePair>();
        BvsePair PairOf(string anion)
        {
            if (pairs.TryGetValue(anion, out var p)) return p;
            try { return pairs[anion] = BvseParameters.Pair(mobile, anion); }
            catch (NitrolyteInputException e) { throw new CandidateFailure("missing_bv_parameter", e.Message, e); }
        }
        var anions = s.Sites.SelectMany(x => x.Species).Where(sp => sp.OxidationState < 0).Select(sp => sp.Element).Distinct().ToList();
        if (anions.Count == 0) throw new CandidateFailure("bad_structure", "no anion (negative oxidation state) in the structure");
        double cutoff = anions.Max(a => PairOf(a).CutoffA);
        var nl = NeighbourList.Build(s, cutoff);
        double sumW = 0, sum = 0, sum2 = 0;
        for (int i = 0; i < s.Sites.Count; i++)
        {
            var li = s.Sites[i].Species.FirstOrDefault(sp => sp.Element == mobile);
            if (li is null || li.Occupancy <= 0) continue;
            double v = li.OxidationState ?? 1;
            double bvs = 0;
            foreach (var nb in nl[i])
                foreach (var sp in s.Sites[nb.Index].Species)
                {
                    if (!(sp.OxidationState < 0)) continue;
                    var p = PairOf(sp.Element);
                    if (nb.DistanceA > p.CutoffA) continue;
                    bvs += sp.Occupancy * Math.Exp((p.R0A - nb.DistanceA) / p.BA);
                }
            sumW += li.Occupancy; sum += li.Occupancy * bvs; sum2 += li.Occupancy * (bvs - v) * (bvs - v);
        }
        if (sumW == 0) return (double.NaN, double.NaN);
        return (sum / sumW, Math.Sqrt(sum2 / sumW));
    }

    /// <summary>The reason token of a library message.</summary>
    public static string Classify(string message) =>
        message.Contains("BVSE", StringComparison.Ordinal) || message.Contains("no value known", StringComparison.Ordinal) ? "missing_bv_parameter"
        : message.Contains("oxidation state", StringComparison.Ordinal) ? "missing_oxidation_state"
        : "bad_structure";

    private static JsonNode? Barrier(double? v) => v is double d ? JsonValue.Create(Math.Round(d, 6)) : null;
    private static JsonNode R(double v, int digits) => JsonValue.Create(Math.Round(v, digits));
    private static JsonNode? Json(double v, int digits = 6) => double.IsFinite(v) ? JsonValue.Create(Math.Round(v, digits)) : null;
}
