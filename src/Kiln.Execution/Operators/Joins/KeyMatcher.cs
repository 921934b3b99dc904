using Kiln.Common.Vectors;

namespace Kiln.Execution.Operators.Joins;

/// <summary>
/// Compares a row of one key vector with a row of another of the same type, with join semantics: NULL matches
/// nothing. Created per (build, probe) vector pair so the hot comparison reads typed arrays directly.
/// </summary>
public abstract class KeyMatcher
{
    public abstract bool Matches(int buildRow, int probeRow);

    public static KeyMatcher Create(ColumnVector build, ColumnVector probe) => (build, probe) switch
    {
        (PrimitiveVector<int> b, PrimitiveVector<int> p) => new Primitive<int>(b, p),
        (PrimitiveVector<long> b, PrimitiveVector<long> p) => new Primitive<long>(b, p),
        (PrimitiveVector<double> b, PrimitiveVector<double> p) => new Primitive<double>(b, p),
        (PrimitiveVector<Int128> b, PrimitiveVector<Int128> p) => new Primitive<Int128>(b, p),
        (PrimitiveVector<bool> b, PrimitiveVector<bool> p) => new Primitive<bool>(b, p),
        (StringVector b, StringVector p) => new Utf8(b, p),
        _ => throw new NotSupportedException($"cannot join {build.Type} with {probe.Type}; the planner casts join keys to a common type"),
    };

    private sealed class Primitive<T> : KeyMatcher
        where T : unmanaged, IEquatable<T>
    {
        private readonly PrimitiveVector<T> _build;
        private readonly PrimitiveVector<T> _probe;

        public Primitive(PrimitiveVector<T> build, PrimitiveVector<T> probe)
        {
            _build = build;
            _probe = probe;
        }

        public override bool Matches(int buildRow, int probeRow) =>
            !_build.IsNull(buildRow) && !_probe.IsNull(probeRow) && _build[buildRow].Equals(_probe[probeRow]);
    }

    private sealed class Utf8 : KeyMatcher
    {
        private readonly StringVector _build;
        private readonly StringVector _probe;

        public Utf8(StringVector build, StringVector probe)
        {
            _build = build;
            _probe = probe;
        }

        public override bool Matches(int buildRow, int probeRow) =>
            !_build.IsNull(buildRow) && !_probe.IsNull(probeRow) && _build.GetBytes(buildRow).SequenceEqual(_probe.GetBytes(probeRow));
    }
}
