using System.Globalization;
using System.Text;
using Nitrolyte.Core;

namespace Nitrolyte.Library;

/// <summary>Filtering and name look-up over library rows (pure; the store or the embedded dataset supplies the rows).</summary>
public static class LibrarySearch
{
    /// <summary>Rows of a family (case-insensitive; null = all) with σ in [min, max] (rows without σ drop out when a bound is set).</summary>
    public static IReadOnlyList<LiteratureEntry> Filter(IEnumerable<LiteratureEntry> rows, string? family = null, double? minSigmaSPerCm = null, double? maxSigmaSPerCm = null)
    {
        var list = rows.ToList();
        if (family is not null)
        {
            var known = list.Select(r => r.Family).Distinct(StringComparer.OrdinalIgnoreCase).OrderBy(f => f, StringComparer.Ordinal).ToList();
            if (!known.Contains(family, StringComparer.OrdinalIgnoreCase))
                throw new NitrolyteInputException($"unknown family '{family}' (known: {string.Join(", ", known)})");
            list = list.Where(r => string.Equals(r.Family, family, StringComparison.OrdinalIgnoreCase)).ToList();
        }
        if (minSigmaSPerCm is { } lo) list = list.Where(r => r.SigmaSPerCm is { } s && s >= lo).ToList();
        if (maxSigmaSPerCm is { } hi) list = list.Where(r => r.SigmaSPerCm is { } s && s <= hi).ToList();
        return list;
    }

    /// <summary>
    /// Finds one row by id, name, table label or formula: exact (normalised: case, spaces, Greek letters spelled out,
    /// ⊥/∥ as perp/par) first, then a unique partial match. Several matches or none give an error listing candidates.
    /// </summary>
    public static LiteratureEntry Resolve(IReadOnlyList<LiteratureEntry> rows, string query)
    {
        var q = Normalize(query);
        if (q.Length == 0) throw new NitrolyteInputException("empty material name");
        var byId = rows.Where(r => Normalize(r.Id) == q || Normalize(r.Name) == q).ToList();
        if (byId.Count == 1) return byId[0];
        var exact = rows.Where(r => (r.Formula is { } f && Normalize(f) == q) || (r.TableLabel is { } l && Normalize(l) == q)).ToList();
        if (exact.Count == 1) return exact[0];
        if (exact.Count > 1) throw Ambiguous(query, exact);
        var partial = rows.Where(r => Normalize(r.Name).Contains(q) || Normalize(r.Id).Contains(q)).ToList();
        if (partial.Count == 1) return partial[0];
        if (partial.Count > 1) throw Ambiguous(query, partial);
        throw new NitrolyteInputException($"no material '{query}' in the library (try `nitrolyte library list`)");
    }

    private static NitrolyteInputException Ambiguous(string query, IReadOnlyList<LiteratureEntry> hits) =>
        new($"'{query}' matches {hits.Count} materials: {string.Join("; ", hits.Take(8).Select(h => $"{h.Name} [{h.Id}]"))}{(hits.Count > 8 ? "; ..." : "")} (give the id)");

    /// <summary>Lower-case letters and digits only, with α/β/γ spelled out and ⊥/∥ as perp/par.</summary>
    public static string Normalize(string s)
    {
        var sb = new StringBuilder(s.Length);
        foreach (var ch in s.Normalize(NormalizationForm.FormKC))
        {
            switch (ch)
            {
                case 'α': sb.Append("alpha"); continue;
                case 'β': sb.Append("beta"); continue;
                case 'γ': sb.Append("gamma"); continue;
                case '⊥': sb.Append("perpc"); continue;
                case '∥': sb.Append("parc"); continue;
            }
            if (char.IsLetterOrDigit(ch) || ch == '.') sb.Append(char.ToLower(ch, CultureInfo.InvariantCulture));
        }
        // "perp c" written out by users: perpendicular / parallel
        return sb.ToString().Replace("perpcc", "perpc").Replace("parcc", "parc")
            .Replace("perpendicular", "perp").Replace("parallel", "par");
    }
}
