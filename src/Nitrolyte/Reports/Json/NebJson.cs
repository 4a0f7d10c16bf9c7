using System.Text.Json.Nodes;
using Nitrolyte.Migration;

namespace Nitrolyte.Reports;

/// <summary>The JSON form of BVSE hops and NEB start-ups (the `bvse neb --json` contract: barrier_ev and
/// profile[{image, energy_ev}], energies relative to the start site, plus the rest).</summary>
public static class NebJson
{
    private static JsonNode? R(double v, int digits = 6) => double.IsFinite(v) ? JsonValue.Create(Math.Round(v, digits)) : null;
    private static JsonArray Frac(double a, double b, double c) => new(R(a, 5), R(b, 5), R(c, 5));

    public static JsonObject Hop(BvseHop h, BvseResult r) => new()
    {
        ["path"] = h.Number, ["dimension"] = h.Dimension,
        ["dimensions"] = new JsonArray(h.Dimensions.Select(d => (JsonNode)JsonValue.Create(d)).ToArray()),
        ["hops"] = h.HopCount, ["reversed"] = h.Reversed,
        ["from_site"] = h.From.SiteId, ["from_frac"] = Frac(h.From.FracA, h.From.FracB, h.From.FracC),
        ["to_site"] = h.To.SiteId, ["to_frac"] = Frac(h.To.FracA, h.To.FracB, h.To.FracC),
        ["from_energy_above_minimum_ev"] = R(h.From.EnergyEV - r.MinimumEV), ["to_energy_above_minimum_ev"] = R(h.To.EnergyEV - r.MinimumEV),
        ["saddle_above_minimum_ev"] = R(h.SaddleEV - r.MinimumEV),
        ["barrier_ev"] = R(h.BarrierEV), ["reverse_barrier_ev"] = R(h.ReverseBarrierEV),
        ["straight_length_a"] = R(h.StraightLengthA, 4), ["path_length_a"] = R(h.PathLengthA, 4),
    };

    public static JsonArray Hops(IEnumerable<BvseHop> hops, BvseResult r) => new(hops.Select(h => (JsonNode)Hop(h, r)).ToArray());

    /// <summary>The profile of a resampled hop: images and the fine profile, energies relative to the start site.</summary>
    public static JsonObject Profile(NebPath p, IReadOnlyList<double>? closestApproachA = null)
    {
        double e0 = p.Hop.From.EnergyEV;
        var o = new JsonObject
        {
            ["barrier_ev"] = R(p.BarrierEV), ["reverse_barrier_ev"] = R(p.Hop.ReverseBarrierEV),
            ["saddle_above_minimum_ev"] = R(p.Hop.SaddleEV - p.MinimumEV),
            ["start_above_minimum_ev"] = R(e0 - p.MinimumEV),
            ["saddle_distance_a"] = R(p.SaddleDistanceA, 4),
            ["path_length_a"] = R(p.LengthA, 4), ["straight_length_a"] = R(p.Hop.StraightLengthA, 4),
            ["image_maximum_ev"] = R(p.ImageMaximumEV), ["fine_maximum_ev"] = R(p.FineMaximumEV),
            ["energy_reference"] = "energy_ev is relative to the start site (image 00); energy_above_minimum_ev to the global BVSE minimum",
            ["profile"] = new JsonArray(p.Images.Select((x, k) =>
            {
                var j = new JsonObject
                {
                    ["image"] = k, ["distance_a"] = R(x.DistanceA, 4), ["energy_ev"] = R(x.EnergyEV - e0),
                    ["energy_above_minimum_ev"] = R(x.EnergyEV - p.MinimumEV), ["frac"] = Frac(x.FracA, x.FracB, x.FracC),
                };
                if (closestApproachA is not null) j["closest_approach_a"] = R(closestApproachA[k], 4);
                return (JsonNode)j;
            }).ToArray()),
            ["profile_fine"] = new JsonArray(p.Fine.Select(x => (JsonNode)new JsonObject
            {
                ["distance_a"] = R(x.DistanceA, 4), ["energy_ev"] = R(x.EnergyEV - e0),
            }).ToArray()),
        };
        return o;
    }

    public static JsonObject ToJson(NebImages n, BvseResult r)
    {
        var o = Profile(n.Path, n.ClosestApproachA);
        var h = n.Path.Hop;
        o["hop"] = Hop(h, r);
        o["images"] = n.Path.Images.Count - 2;
        o["folders"] = new JsonArray(Enumerable.Range(0, n.Path.Images.Count).Select(k => (JsonNode)JsonValue.Create(k.ToString("00"))).ToArray());
        o["supercell"] = new JsonArray(n.Supercell.Select(x => (JsonNode)JsonValue.Create(x)).ToArray());
        o["atoms"] = n.Structures[0].Sites.Count;
        o["image_distance_a"] = R(n.ImageDistanceA, 4);
        o["moving_atom"] = 1;
        o["mechanism"] = n.Mechanism;
        o["mobile_ion_change"] = n.MobileIonChange;
        o["start_occupied_distance_a"] = n.Start.DistanceA is double a ? R(a, 4) : null;
        o["end_occupied_distance_a"] = n.End.DistanceA is double b ? R(b, 4) : null;
        o["notes"] = new JsonArray(n.Notes.Select(x => (JsonNode)JsonValue.Create(x)).ToArray());
        return o;
    }
}
