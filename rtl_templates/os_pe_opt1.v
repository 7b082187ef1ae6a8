// Output-stationary carry-save (OPT1) processing element.
//
// The accumulator is kept as two vectors, sum and carry, whose sum mod 2^C_WIDTH is the
// running dot product. Each beat feeds a's Booth partial products of a*b together
// with sum and carry into one compressor tree (the step module); its two output rows
// become the new sum and carry, so no carry-propagate adder sits in the loop. A beat
// flagged `first` starts from zero; a beat flagged `last` copies the finished pair into
// result_sum_o / result_carry_o, which the array adds once, on its drain path.
// Operands move on as in the MAC PE: a (with its flags) right, b down. Only the `last`
// flag is reset: it alone can announce a result.
`resetall
`default_nettype none
module os_pe_opt1 #(
  // Operand widths; signedness is built into the step module.
  parameter integer A_WIDTH = 8,
  parameter integer B_WIDTH = 8,
  // Accumulator width; sums wrap two's complement at this width.
  parameter integer C_WIDTH = 32
) (
  input  wire               clk_i,
  input  wire               rst_ni,
  input  wire [A_WIDTH-1:0] a_i,
  input  wire               first_i,
  input  wire               last_i,
  input  wire [B_WIDTH-1:0] b_i,
  output reg  [A_WIDTH-1:0] a_o,
  output reg                first_o,
  output reg                last_o,
  output reg  [B_WIDTH-1:0] b_o,
  output reg  [C_WIDTH-1:0] result_sum_o,
  output reg  [C_WIDTH-1:0] result_carry_o
);
  reg  [C_WIDTH-1:0] sum_q, carry_q;
  wire [C_WIDTH-1:0] sum_d, carry_d;
  // The array guarantees a_i = 0 and first_i = 0 on empty slots, so the accumulator
  // needs no enable (an empty slot adds 0*b) and `first` alone restarts it: neither
  // costs a gate on the path through the compressor tree.
  wire [C_WIDTH-1:0] sum_in = first_i ? {C_WIDTH{1'b0}} : sum_q;
  wire [C_WIDTH-1:0] carry_in = first_i ? {C_WIDTH{1'b0}} : carry_q;

  os_pe_opt1_step u_step (
    .a_i     (a_i),
    .b_i     (b_i),
    .sum_i   (sum_in),
    .carry_i (carry_in),
    .sum_o   (sum_d),
    .carry_o (carry_d)
  );

  always @(posedge clk_i) begin
    a_o     <= a_i;
    b_o     <= b_i;
    first_o <= first_i;
    sum_q   <= sum_d;
    carry_q <= carry_d;
    if (last_i) begin
      result_sum_o   <= sum_d;
      result_carry_o <= carry_d;
    end
  end

  always @(posedge clk_i) begin
    if (!rst_ni) last_o <= 1'b0;
    else         last_o <= last_i;
  end
endmodule
`resetall
