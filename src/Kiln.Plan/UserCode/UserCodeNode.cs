using Kiln.Plan.Logical;

namespace Kiln.Plan.UserCode;

/// <summary>
/// Base of the logical nodes that run user code or read cached data (typed Dataset operators, cache reads). The
/// execution layer's user-code planner turns them into operators; the optimizer leaves them in place (their
/// children are pruned to their full output, filters are not pushed through them).
/// </summary>
public abstract record UserCodeNode : LogicalPlan;
