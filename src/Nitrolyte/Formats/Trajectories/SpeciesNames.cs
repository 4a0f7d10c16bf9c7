namespace Nitrolyte.Formats.Trajectories;

/// <summary>
/// Turns the species token of an atom line into a shared string without allocating one per atom per frame
/// (a trajectory repeats the same few names millions of times).
/// </summary>
internal sealed class SpeciesNames
{
    private readonly List<(byte[] Bytes, string Name)> _known = [];

    private readonly Dictionary<string, bool> _isElement = new(StringComparer.Ordinal);

    /// <summary>Is the (shared) name an element symbol? Looked up once per distinct name.</summary>
    public bool IsElement(string name)
    {
        if (!_isElement.TryGetValue(name, out var ok)) _isElement[name] = ok = Chemistry.Element.TryGet(name, out _);
        return ok;
    }

    public string Get(ReadOnlySpan<byte> token)
    {
        foreach (var (bytes, name) in _known)
            if (token.SequenceEqual(bytes)) return name;
        var s = TextLines.Text(token);
        _known.Add((token.ToArray(), s));
        return s;
    }
}
