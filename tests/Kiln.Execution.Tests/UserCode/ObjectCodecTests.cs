using Kiln.Common.Types;
using Kiln.Common.Vectors;
using Kiln.Execution.UserCode;

namespace Kiln.Execution.Tests.UserCode;

/// <summary>Objects become columns and come back: records, classes with setters, tuples, nested and nullable members.</summary>
public sealed class ObjectCodecTests
{
    public sealed record Address(string City, int? Zip);

    public sealed record Person(string Name, int Age, decimal? Balance, DateOnly Born, DateTime Seen, bool Active, Address? Home);

    public sealed class Settable
    {
        public long Id { get; set; }

        public double? Score { get; init; }

        public string Computed => $"#{Id}";
    }

    private static List<T> RoundTrip<T>(IEnumerable<T> values, IReadOnlyList<DataType>? types = null)
    {
        var codec = types is null ? ObjectCodec<T>.Default : ObjectCodec<T>.For(types);
        var builders = codec.NewBuilders(4);
        var n = 0;
        foreach (var v in values)
        {
            codec.Write(v, builders, 0);
            n++;
        }

        var columns = builders.Select(b => b.Build()).ToArray();
        return Enumerable.Range(0, n).Select(r => codec.Read(columns, 0, r)).ToList();
    }

    [Fact]
    public void A_record_with_nested_and_nullable_members_round_trips()
    {
        Person[] people =
        [
            new("ann", 31, 10.25m, new DateOnly(1990, 1, 2), new DateTime(2024, 5, 6, 7, 8, 9, DateTimeKind.Utc), true, new Address("Oslo", 150)),
            new("bob", 40, null, new DateOnly(1980, 3, 4), new DateTime(2023, 1, 1, 0, 0, 0, DateTimeKind.Utc), false, null),
            new("cy", 22, -1m, new DateOnly(2000, 1, 1), new DateTime(2022, 1, 1, 0, 0, 0, DateTimeKind.Utc), true, new Address("Rome", null)),
        ];
        Assert.Equal(people, RoundTrip(people));
    }

    [Fact]
    public void The_layout_names_and_types_the_columns()
    {
        var layout = ObjectLayout.For(typeof(Person));
        Assert.Equal("Name: string, Age: int not null, Balance: decimal(38,18), Born: date not null, Seen: timestamp not null, Active: boolean not null, City: string, Zip: int",
            string.Join(", ", layout.Schema.Fields));
        Assert.Equal("Home", layout.Leaves[6].Qualifier);
        Assert.Equal("Home.City", layout.Leaves[6].MemberPath);
        Assert.Equal(["Item1", "Item2"], ObjectLayout.For(typeof((int, string))).Leaves.Select(l => l.Name));
        Assert.Equal(["value"], ObjectLayout.For(typeof(long?)).Leaves.Select(l => l.Name));
    }

    [Fact]
    public void Classes_with_setters_tuples_and_scalars_round_trip()
    {
        var settable = RoundTrip([new Settable { Id = 3, Score = 1.5 }, new Settable { Id = 4 }]);
        Assert.Equal([3L, 4L], settable.Select(s => s.Id));
        Assert.Equal([1.5, null], settable.Select(s => s.Score));
        Assert.DoesNotContain(ObjectLayout.For(typeof(Settable)).Leaves, l => l.Name == "Computed");

        (string, Address?)[] pairs = [("a", new Address("x", 1)), ("b", null)];
        Assert.Equal(pairs, RoundTrip(pairs));
        Assert.Equal(["x", null, "z"], RoundTrip<string?>(["x", null, "z"]));
        Assert.Equal([1, null], RoundTrip<int?>([1, null]));
        var anonymous = RoundTrip([new { A = 1, B = "b" }]);
        Assert.Equal("b", anonymous[0].B);
    }

    [Fact]
    public void Columns_of_wider_or_narrower_types_are_read_into_members()
    {
        var columns = new ColumnVector[]
        {
            new StringVector([0, 1], "z"u8.ToArray(), 1),
            new PrimitiveVector<long>(DataType.Int64, [5L]),
        };
        var codec = ObjectCodec<Narrow>.For([DataType.String, DataType.Int64]);
        Assert.Equal(new Narrow("z", 5.0), codec.Read(columns, 0, 0));

        var decimals = ObjectCodec<Money>.For([DataType.Decimal(10, 2)]);
        var column = new PrimitiveVector<Int128>(DataType.Decimal(10, 2), [1234]);
        Assert.Equal(12.34m, decimals.Read([column], 0, 0).Amount);
    }

    public sealed record Narrow(string S, double D);

    public sealed record Money(decimal Amount);

    [Fact]
    public void A_null_in_a_non_nullable_member_names_the_member()
    {
        var codec = ObjectCodec<Money>.Default;
        var builders = codec.NewBuilders(1);
        builders[0].AppendNull();
        var e = Assert.Throws<NullValueException>(() => codec.Read(builders.Select(b => b.Build()).ToArray(), 0, 0));
        Assert.Equal("ObjectCodecTests.Money.Amount cannot hold NULL because it is decimal; declare it decimal? to accept NULLs", e.Message);
    }

    public sealed record Tagged(string Name, List<string> Tags);

    public sealed class Recursive
    {
        public Recursive? Parent { get; set; }
    }

    [Fact]
    public void Types_without_a_column_form_are_refused_with_the_member()
    {
        var e = Assert.Throws<DatasetTypeException>(() => ObjectLayout.For(typeof(Tagged)));
        Assert.StartsWith("member 'Tags' of ObjectCodecTests.Tagged has type List<String>, which a Dataset column cannot hold", e.Message, StringComparison.Ordinal);
        Assert.Contains("recursive", Assert.Throws<DatasetTypeException>(() => ObjectLayout.For(typeof(Recursive))).Message, StringComparison.Ordinal);
        Assert.Throws<DatasetTypeException>(() => ObjectLayout.For(typeof(object)));
    }
}
