using System.Text.Json.Nodes;
using Nitrolyte.Thermodynamics;

namespace Nitrolyte.Reports;

/// <summary>Plots of the stability analyses: the equilibrium voltage profile with its phase equilibria, ΔE(x) of an interface, and the hull projection.</summary>
public static class StabilityPlots
{
    private static string Phases(IEnumerable<DecompositionPart> parts) => string.Join(" + ", parts.Select(p => p.Entry.Name));

    /// <summary>
    /// The voltage profile of a composition against Li (like seed 003 Fig. 2b / review Fig. 12C-D): Li gained per formula
    /// unit (x) against the potential vs Li/Li⁺ (y), a staircase whose vertical parts are the phase equilibria (labelled)
    /// and whose horizontal parts are the reactions; the window (no Li exchanged) is shaded.
    /// </summary>
    public static PlotFigure VoltageProfile(StabilityWindow w, double? topV = null)
    {
        var steps = w.Profile;
        double vMax = topV ?? Math.Max(5, (steps.Count > 0 ? steps.Max(s => s.VoltageV) : 0) + 0.5);
        var xs = new List<double>();
        var ys = new List<double>();
        var mx = new List<double>();
        var my = new List<double>();
        var text = new List<string>();
        var annotations = new JsonArray();
        for (int k = 0; k < steps.Count; k++)
        {
            double v0 = Math.Max(0, steps[k].VoltageV);
            double v1 = k + 1 < steps.Count ? steps[k + 1].VoltageV : vMax;
            double x = steps[k].GainedPerFormulaUnit;
            xs.Add(x); ys.Add(v0);
            xs.Add(x); ys.Add(Math.Min(v1, vMax));
            mx.Add(x); my.Add((v0 + Math.Min(v1, vMax)) / 2);
            var label = Phases(steps[k].Phases);
            text.Add($"{label}: {x:+0.###;−0.###;0} {w.OpenElement} per f.u., {v0:0.###}–{(v1 >= vMax ? "∞" : v1.ToString("0.###"))} V");
            annotations.Add(new JsonObject
            {
                ["x"] = x, ["y"] = (v0 + Math.Min(v1, vMax)) / 2, ["text"] = label, ["showarrow"] = false,
                ["xanchor"] = "left", ["xshift"] = 6, ["font"] = new JsonObject { ["size"] = 10 },
            });
        }
        var fig = new PlotFigure
        {
            Title = $"Equilibrium voltage profile of {w.Formula} ({w.OpenElement} grand potential)",
            XTitle = $"{w.OpenElement} gained per formula unit (negative: released)",
            YTitle = $"Potential vs {w.OpenElement}/{w.OpenElement}⁺ (V)",
            Caption = $"Window {Fmt(w.LowV)}–{Fmt(w.HighV)} V (shaded). {w.Note}",
            ExtraLayout = new JsonObject
            {
                ["annotations"] = annotations,
                ["shapes"] = new JsonArray(new JsonObject
                {
                    ["type"] = "rect", ["xref"] = "paper", ["x0"] = 0, ["x1"] = 1, ["y0"] = w.LowV, ["y1"] = double.IsFinite(w.HighV) ? Math.Min(w.HighV, vMax) : vMax,
                    ["fillcolor"] = "rgba(44,160,44,0.15)", ["line"] = new JsonObject { ["width"] = 0 },
                }),
                ["yaxis"] = new JsonObject { ["title"] = new JsonObject { ["text"] = $"Potential vs {w.OpenElement}/{w.OpenElement}⁺ (V)" }, ["range"] = new JsonArray(0, vMax) },
            },
        };
        fig.Add(PlotFigure.Line("equilibrium profile", xs, ys, color: "#1f77b4"));
        fig.Add(PlotFigure.Markers("phase equilibria", mx, my, color: "#1f77b4", text: text));
        return fig;
    }

    /// <summary>
    /// Open-system decomposition energy against the potential vs Li/Li⁺ (ΔE_D^open of seed 002's method): zero
    /// inside the window of a stable phase; exact piecewise-linear curve (corners at the profile's voltages).
    /// </summary>
    public static PlotFigure DecompositionEnergy(StabilityWindow w, Chemistry.Composition composition, double phaseEnergyEV, double referenceMuEV, double maxV = 5)
    {
        var vs = new SortedSet<double> { 0, maxV };
        foreach (var s in w.Profile) if (s.VoltageV > 0 && s.VoltageV < maxV) vs.Add(s.VoltageV);
        var x = vs.ToArray();
        var y = x.Select(v => ElementProfile.DecompositionEnergyEVPerAtom(w.Profile, composition, phaseEnergyEV, referenceMuEV - v) * 1000).ToArray();
        var fig = new PlotFigure
        {
            Title = $"Decomposition energy of {w.Formula} in contact with a {w.OpenElement} reservoir",
            XTitle = $"Potential vs {w.OpenElement}/{w.OpenElement}⁺ (V)", YTitle = "ΔE_D (meV/atom)",
            Caption = "ΔE_D(μ) = E[equilibrium products] − E(phase) − Δn·μ per atom of the phase; zero where the phase is stable.",
        };
        fig.Add(PlotFigure.Line("ΔE_D", x, y, color: "#9467bd"));
        return fig;
    }

    /// <summary>ΔE(x) of a pseudo-binary interface reaction: piecewise linear through the kinks, the minimum marked.</summary>
    public static PlotFigure InterfaceEnergy(InterfaceReactionResult r)
    {
        var open = r.OpenElement is null ? "" : $", open {r.OpenElement} at μ = {r.OpenChemicalPotentialEV:0.###} eV";
        var fig = new PlotFigure
        {
            Title = $"Interface reaction {r.A} | {r.B}{open}",
            XTitle = $"x (atom fraction of {r.A} in the mixture)",
            YTitle = "Reaction energy (eV/atom)",
            Caption = $"Most negative: {r.Minimum.EnergyEVPerAtom * 1000:0.#} meV/atom at x = {r.Minimum.X:0.###} → {Phases(r.Minimum.Products)}.",
        };
        fig.Add(PlotFigure.Line("ΔE(x)", r.Kinks.Select(k => k.X), r.Kinks.Select(k => k.EnergyEVPerAtom), color: "#d62728"));
        fig.Add(PlotFigure.Markers("kinks", r.Kinks.Select(k => k.X), r.Kinks.Select(k => k.EnergyEVPerAtom), color: "#d62728",
            text: r.Kinks.Select(k => $"x = {k.X:0.###}: {Phases(k.Products)}")));
        fig.Add(PlotFigure.Markers("minimum", [r.Minimum.X], [r.Minimum.EnergyEVPerAtom], color: "#000000", text: [Phases(r.Minimum.Products)]));
        return fig;
    }

    /// <summary>Formation energy per atom against the atomic fraction of one element: every entry, stable ones joined (a projection of the hull).</summary>
    public static PlotFigure HullProjection(PhaseDiagram pd, string element, Entry? highlight = null)
    {
        int k = pd.IndexOf(element);
        var fig = new PlotFigure
        {
            Title = $"Formation energies in {string.Join("-", pd.Elements)} (projection on the {element} fraction)",
            XTitle = $"{element} atomic fraction", YTitle = "Formation energy (eV/atom)",
            Caption = "Grey: all entries; blue: stable phases (vertices of the hull). Lines are not hull edges when the system has more than two elements.",
        };
        var unstable = pd.AllEntries.Where(e => !pd.IsStable(e)).ToList();
        fig.Add(PlotFigure.Markers("entries", unstable.Select(e => pd.Fractions(e.Composition)[k]), unstable.Select(pd.FormationEnergyPerAtomEV),
            color: "#aaaaaa", text: unstable.Select(e => $"{e.Name}: {pd.EAboveHullEVPerAtom(e) * 1000:0.#} meV/atom above hull")));
        var st = pd.StableEntries.OrderBy(e => pd.Fractions(e.Composition)[k]).ToList();
        fig.Add(PlotFigure.Markers("stable", st.Select(e => pd.Fractions(e.Composition)[k]), st.Select(pd.FormationEnergyPerAtomEV), color: "#1f77b4", text: st.Select(e => e.Name)));
        if (highlight is not null)
            fig.Add(PlotFigure.Markers(highlight.Name, [pd.Fractions(highlight.Composition)[k]], [pd.FormationEnergyPerAtomEV(highlight)], color: "#d62728", text: [highlight.Name]));
        return fig;
    }

    /// <summary>
    /// Ternary phase diagram (like seed 003 Fig. 2a): compositions on a triangle, tie-lines (the hull facets' edges),
    /// stable phases in green, unstable entries in grey (hover: energy above hull), an optional highlighted material
    /// as a red square. Only for three-component diagrams with up to a few dozen stable phases (facets are enumerated).
    /// </summary>
    public static PlotFigure Ternary(PhaseDiagram pd, Entry? highlight = null)
    {
        if (pd.Elements.Count != 3) throw new ArgumentException("a ternary diagram needs three components");
        (double X, double Y) P(double[] f) => (f[1] + f[2] / 2, f[2] * Math.Sqrt(3) / 2);
        var lx = new List<double>();
        var ly = new List<double>();
        var seen = new HashSet<(Entry, Entry)>();
        foreach (var f in pd.Facets)
            for (int i = 0; i < 3; i++)
                for (int j = i + 1; j < 3; j++)
                {
                    var (a, b) = (f.Entries[i], f.Entries[j]);
                    if (!seen.Add((a, b)) || !seen.Add((b, a))) continue;
                    var (pa, pb) = (P(pd.Fractions(a.Composition)), P(pd.Fractions(b.Composition)));
                    lx.AddRange([pa.X, pb.X, double.NaN]);
                    ly.AddRange([pa.Y, pb.Y, double.NaN]);
                }
        var axis = new JsonObject { ["visible"] = false };
        var fig = new PlotFigure
        {
            Title = $"{string.Join("-", pd.Elements)} phase diagram", EqualAxes = true,
            Caption = "Lines: tie-lines between phases in equilibrium (edges of the hull facets). Green: stable phases; grey: entries above the hull.",
            ExtraLayout = new JsonObject
            {
                ["xaxis"] = axis,
                ["yaxis"] = new JsonObject { ["visible"] = false, ["scaleanchor"] = "x", ["scaleratio"] = 1 },
            },
        };
        fig.Add(PlotFigure.Line("tie-lines", lx, ly, color: "#555555"));
        var un = pd.AllEntries.Where(e => !pd.IsStable(e)).ToList();
        var unp = un.Select(e => P(pd.Fractions(e.Composition))).ToList();
        fig.Add(PlotFigure.Markers("above hull", unp.Select(p => p.X), unp.Select(p => p.Y), color: "#bbbbbb",
            text: un.Select(e => $"{e.Name}: {pd.EAboveHullEVPerAtom(e) * 1000:0.#} meV/atom above hull")));
        var st = pd.StableEntries;
        var stp = st.Select(e => P(pd.Fractions(e.Composition))).ToList();
        var stable = PlotFigure.Markers("stable", stp.Select(p => p.X), stp.Select(p => p.Y), color: "#2ca02c", text: st.Select(e => e.Name));
        stable["mode"] = "markers+text";
        stable["textposition"] = "top center";
        fig.Add(stable);
        if (highlight is not null)
        {
            var hp = P(pd.Fractions(highlight.Composition));
            var h = PlotFigure.Markers(highlight.Name, [hp.X], [hp.Y], color: "#d62728",
                text: [$"{highlight.Name}: {pd.EAboveHullEVPerAtom(highlight) * 1000:0.#} meV/atom above hull"]);
            ((JsonObject)h["marker"]!)["symbol"] = "square";
            ((JsonObject)h["marker"]!)["size"] = 11;
            fig.Add(h);
        }
        return fig;
    }

    private static string Fmt(double v) => double.IsFinite(v) ? v.ToString("0.###") : "∞";
}
