using System.Runtime.ExceptionServices;

namespace Nitrolyte.Core;

/// <summary>
/// Independent work items on several cores with results in input order, so that a parallel run gives exactly the
/// serial run's result (each item's computation must not depend on the others). <c>jobs</c>: null or 0 = all cores,
/// 1 = serial in the calling thread, at most <see cref="Max"/>.
/// </summary>
public static class Jobs
{
    /// <summary>Cap of --jobs (worker threads).</summary>
    public const int Max = 64;

    public static int Resolve(int? jobs) => jobs is null or <= 0 ? Environment.ProcessorCount : Math.Min(jobs.Value, Max);

    /// <summary>f(item, index) for every item; results in input order. If items fail, the exception of the lowest index
    /// is rethrown (the one a serial run would have stopped at), after the running items finish.</summary>
    public static TResult[] Map<T, TResult>(IReadOnlyList<T> items, Func<T, int, TResult> f, int? jobs = null)
    {
        var results = new TResult[items.Count];
        int n = Resolve(jobs);
        if (n <= 1 || items.Count <= 1)
        {
            for (int i = 0; i < items.Count; i++) results[i] = f(items[i], i);
            return results;
        }
        var errors = new Exception?[items.Count];
        int firstError = int.MaxValue;
        Parallel.For(0, items.Count, new ParallelOptions { MaxDegreeOfParallelism = n }, i =>
        {
            if (i > Volatile.Read(ref firstError)) return; // a serial run would not have got here
            try { results[i] = f(items[i], i); }
            catch (Exception e)
            {
                errors[i] = e;
                int seen;
                while (i < (seen = Volatile.Read(ref firstError)) && Interlocked.CompareExchange(ref firstError, i, seen) != seen) { }
            }
        });
        if (firstError != int.MaxValue) ExceptionDispatchInfo.Capture(errors[firstError]!).Throw();
        return results;
    }
}
