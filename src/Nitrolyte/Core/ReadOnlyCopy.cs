using System.Collections.ObjectModel;

namespace Nitrolyte.Core;

/// <summary>Honest immutability for records that hold a list of numbers: the record keeps its own copy, seen through a
/// read-only view, so neither the caller's array nor a cast of the property can change it afterwards.</summary>
public static class ReadOnlyCopy
{
    /// <summary>A read-only view of a copy of <paramref name="values"/>.</summary>
    public static IReadOnlyList<T> Of<T>(IEnumerable<T> values) => new ReadOnlyCollection<T>(values.ToArray());
}
