using Kiln.Common.Types;
using Kiln.Plan.Analysis;
using Kiln.Plan.Expressions;
using Kiln.Plan.Logical;
using Kiln.Plan.Optimizer;

namespace Kiln.Plan.Tests;

/// <summary>The count and slices of a range, near the ends of long too, and the range through the optimizer.</summary>
public sealed class RangeSequenceTests
{
    private static readonly Int128 Two64 = (Int128)1 << 64;

    [Theory]
    [InlineData(0, 10, 1, 10)]
    [InlineData(0, 10, 3, 4)]
    [InlineData(0, 9, 3, 3)]
    [InlineData(10, -10, -3, 7)]
    [InlineData(-9, 0, -3, 0)]
    [InlineData(5, 5, 1, 0)]
    [InlineData(5, 5, -1, 0)]
    [InlineData(10, 0, 1, 0)]
    [InlineData(long.MaxValue - 10, long.MaxValue, 3, 4)]
    [InlineData(long.MinValue + 5, long.MinValue, -2, 3)]
    [InlineData(long.MaxValue, long.MinValue, long.MinValue, 2)]
    [InlineData(long.MinValue, long.MaxValue, long.MaxValue, 3)]
    [InlineData(long.MaxValue, long.MinValue, -1, -1)]
    public void Count_is_the_number_of_steps_before_end(long start, long end, long step, long expected)
    {
        var count = new RangeSequence(start, end, step).Count;
        Assert.Equal(expected == -1 ? Two64 - 1 : expected, count);
    }

    [Fact]
    public void The_full_long_range_counts_past_long()
    {
        Assert.Equal(Two64 - 1, new RangeSequence(long.MinValue, long.MaxValue, 1).Count);
        Assert.Equal(Two64 / 2, new RangeSequence(long.MinValue, long.MaxValue, 2).Count);
        Assert.Equal(0, new RangeSequence(long.MinValue, long.MaxValue, long.MinValue).Count);
    }

    [Theory]
    [InlineData(10, 3)]
    [InlineData(3, 10)]
    [InlineData(0, 4)]
    [InlineData(1000, 7)]
    [InlineData(1, 1)]
    public void Slices_cover_every_element_once_and_differ_in_size_by_at_most_one(long n, int partitions)
    {
        var sequence = new RangeSequence(0, n, 1);
        var slices = Enumerable.Range(0, partitions).Select(i => sequence.Slice(i, partitions)).ToArray();
        Int128 next = 0;
        foreach (var (first, count) in slices)
        {
            Assert.Equal(next, first);
            next += count;
        }

        Assert.Equal(n, next);
        Assert.True(slices.Max(s => s.Count) - slices.Min(s => s.Count) <= 1);
        for (var i = 0; i < partitions; i++)
        {
            Assert.Equal((Int128)(n * i / partitions), slices[i].First);
        }
    }

    [Fact]
    public void Slices_of_the_full_long_range_do_not_overflow()
    {
        var sequence = new RangeSequence(long.MinValue, long.MaxValue, 1);
        var (first, count) = sequence.Slice(int.MaxValue - 1, int.MaxValue);
        Assert.Equal(sequence.Count, first + count);
        Assert.Equal(long.MaxValue - 1, sequence.ValueAt(first + count - 1));
        Assert.Equal(long.MinValue, sequence.ValueAt(0));
    }

    [Fact]
    public void Values_follow_the_step_from_start()
    {
        var down = new RangeSequence(long.MaxValue, long.MinValue, long.MinValue);
        Assert.Equal([long.MaxValue, -1L], [down.ValueAt(0), down.ValueAt(1)]);
        Assert.Throws<ArgumentOutOfRangeException>(() => down.ValueAt(2));
        var up = new RangeSequence(-5, 20, 4);
        Assert.Equal([-5L, -1, 3, 7, 11, 15, 19], Enumerable.Range(0, (int)up.Count).Select(i => up.ValueAt(i)));
    }

    [Fact]
    public void A_zero_step_or_no_partition_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new RangeSequence(0, 10, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new RangeRelation(0, 10, 1, 0, Id()));
        Assert.Throws<ArgumentOutOfRangeException>(() => new RangeSequence(0, 10, 1).Slice(2, 2));
    }

    [Fact]
    public void A_range_is_a_leaf_the_optimizer_keeps_under_filters_and_projections()
    {
        var range = new RangeRelation(0, 100, 3, null, Id());
        Assert.Equal("Range (0, 100, step=3) [id]", range.Describe());
        Assert.Equal("Range (-1, -100, step=-3, partitions=4) [id]", new RangeRelation(-1, -100, -3, 4, Id()).Describe());

        var condition = ExpressionResolver.Resolve(new BinaryExpr(BinaryOp.GreaterThan, range.Id, Literal.Of(10L)), range.Output);
        var plan = new Project([range.Id], new Filter(condition, range));
        var optimized = new LogicalOptimizer(e => throw new InvalidOperationException($"unexpected constant {e}")).Optimize(plan);
        var filter = Assert.IsType<Filter>(optimized);
        Assert.Same(range, filter.Child);
        Assert.Equal([range.Id], optimized.Output);
    }

    private static AttributeRef Id() => new("id", ExprIds.Next(), DataType.Int64, false);
}
