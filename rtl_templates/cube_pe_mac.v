// 3D-cube MAC processing element: acc <= acc + sum_k a_k*b_k over K_PER_BEAT products
// per valid beat (one depth slice of the cube). Operands arrive broadcast from the array
// edge, so nothing moves on. `first` restarts the accumulator; `last` copies the
// finished sum into result_o, which holds it while the next tile accumulates.
`resetall
`default_nettype none
module cube_pe_mac #(
  // Operand widths and signedness.
  parameter integer A_WIDTH = 8,
  parameter integer A_SIGNED = 1,
  parameter integer B_WIDTH = 8,
  parameter integer B_SIGNED = 1,
  // Accumulator width; sums wrap two's complement at this width.
  parameter integer C_WIDTH = 32,
  // Products per beat (the cube's depth).
  parameter integer K_PER_BEAT = 4
) (
  input  wire                          clk_i,
  input  wire [K_PER_BEAT*A_WIDTH-1:0] a_i,
  input  wire [K_PER_BEAT*B_WIDTH-1:0] b_i,
  input  wire                          valid_i,
  input  wire                          first_i,
  input  wire                          last_i,
  output reg  [C_WIDTH-1:0]            result_o
);
  localparam integer AX_WIDTH = A_WIDTH + (A_SIGNED != 0 ? 0 : 1);
  localparam integer BX_WIDTH = B_WIDTH + (B_SIGNED != 0 ? 0 : 1);

  // Each operand widened to a signed value (unsigned ones get a zero bit on top).
  wire [K_PER_BEAT*AX_WIDTH-1:0] a_x;
  wire [K_PER_BEAT*BX_WIDTH-1:0] b_x;
  genvar gk;
  generate
    for (gk = 0; gk < K_PER_BEAT; gk = gk + 1) begin : gen_operand
      if (A_SIGNED != 0) begin : gen_a_signed
        assign a_x[gk*AX_WIDTH +: AX_WIDTH] = a_i[gk*A_WIDTH +: A_WIDTH];
      end else begin : gen_a_unsigned
        assign a_x[gk*AX_WIDTH +: AX_WIDTH] = {1'b0, a_i[gk*A_WIDTH +: A_WIDTH]};
      end
      if (B_SIGNED != 0) begin : gen_b_signed
        assign b_x[gk*BX_WIDTH +: BX_WIDTH] = b_i[gk*B_WIDTH +: B_WIDTH];
      end else begin : gen_b_unsigned
        assign b_x[gk*BX_WIDTH +: BX_WIDTH] = {1'b0, b_i[gk*B_WIDTH +: B_WIDTH]};
      end
    end
  endgenerate

  // One signed sum of products at the accumulator width: Yosys's alumacc turns the
  // whole chain into a single multiply-accumulate cell (one carry-save tree and one
  // carry-propagate adder), which is what a good behavioural baseline should give.
  reg signed [C_WIDTH-1:0] acc_q;
  reg signed [C_WIDTH-1:0] acc_d;
  integer k;
  always @* begin
    acc_d = first_i ? {C_WIDTH{1'b0}} : acc_q;
    for (k = 0; k < K_PER_BEAT; k = k + 1)
      acc_d = acc_d + $signed(a_x[k*AX_WIDTH +: AX_WIDTH]) * $signed(b_x[k*BX_WIDTH +: BX_WIDTH]);
  end

  always @(posedge clk_i) begin
    if (valid_i) acc_q <= acc_d;
    if (valid_i && last_i) result_o <= acc_d;
  end
endmodule
`resetall
