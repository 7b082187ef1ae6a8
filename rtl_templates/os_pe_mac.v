// Output-stationary MAC processing element: acc <= acc + a*b every cycle.
//
// The multiply-add is generated: the radix-4 Booth partial products of a*b and the
// accumulator enter one compressor tree (the step module), and a parallel-prefix adder
// turns its two rows into the new accumulator. That carry-propagate add in the loop is
// what the carry-save (OPT1) PE leaves out.
// Operands move on: a's digits (with the beat flags) to the right, b downwards, one
// register each. The array feeds a = 0 on empty slots, so the accumulator needs no
// enable (an empty slot adds 0*b). A beat flagged `first` starts a new tile (the step takes
// its accumulator input as zero, so it restarts from the product with no clear cycle); a beat flagged `last` copies
// the finished sum into result_o, which holds it while the next tile accumulates.
// Only the `last` flag is reset: it alone can announce a result.
`resetall
`default_nettype none
module os_pe_mac #(
  // b's width; signedness is built into the step module.
  parameter integer B_WIDTH = 8,
  // Accumulator width; sums wrap two's complement at this width.
  parameter integer C_WIDTH = 32,
  // Radix-4 Booth digits per activation: the array recodes each activation once, at the
  // row's edge, and the digits move along the row in its place.
  parameter integer DIGITS = 4
) (
  input  wire                clk_i,
  input  wire                rst_ni,
  input  wire [3*DIGITS-1:0] a_digits_i,  // {two, one, neg}, digit d at bit d of each
  input  wire                first_i,
  input  wire                last_i,
  input  wire [B_WIDTH-1:0]  b_i,
  output reg  [3*DIGITS-1:0] a_digits_o,
  output reg                 first_o,
  output reg                 last_o,
  output reg  [B_WIDTH-1:0]  b_o,
  output reg  [C_WIDTH-1:0]  result_o
);
  reg  [C_WIDTH-1:0] acc_q;
  wire [C_WIDTH-1:0] row0, row1, acc_d;

  os_pe_mac_step_digits u_step (
    .neg_i   (a_digits_i[0 +: DIGITS]),
    .one_i   (a_digits_i[DIGITS +: DIGITS]),
    .two_i   (a_digits_i[2*DIGITS +: DIGITS]),
    .b_i     (b_i),
    .restart_i (first_i),
    .sum_i   (acc_q),
    .sum_o   (row0),
    .carry_o (row1)
  );
  os_pe_mac_add u_add (
    .a_i   (row0),
    .b_i   (row1),
    .sum_o (acc_d)
  );

  always @(posedge clk_i) begin
    a_digits_o <= a_digits_i;
    b_o        <= b_i;
    first_o    <= first_i;
    acc_q      <= acc_d;
    if (last_i) result_o <= acc_d;
  end

  always @(posedge clk_i) begin
    if (!rst_ni) last_o <= 1'b0;
    else         last_o <= last_i;
  end
endmodule
`resetall
