namespace Nitrolyte.Dynamics;

/// <summary>Centre of geometry (no masses) or of mass of a group of atoms in one frame, fractional coordinates as stored.</summary>
public static class Centre
{
    public static (double A, double B, double C) Fractional(TrajectoryFrame frame, IReadOnlyList<int> atoms, IReadOnlyList<double>? masses = null)
    {
        if (atoms.Count == 0) throw new Core.NitrolyteInputException("an empty group has no centre");
        double a = 0, b = 0, c = 0, w = 0;
        for (int k = 0; k < atoms.Count; k++)
        {
            double m = masses?[k] ?? 1.0;
            int i = atoms[k];
            a += m * frame.Frac[3 * i]; b += m * frame.Frac[3 * i + 1]; c += m * frame.Frac[3 * i + 2]; w += m;
        }
        return (a / w, b / w, c / w);
    }
}
