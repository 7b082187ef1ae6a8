// A plain hand-written 2D-Matrix MAC array, the way a designer writes one by hand: the
// baseline bitloom's generated matrix_2d arrays are measured against in the same
// synthesis flow (bench/bench_reference.cpp).
//
// One beat a cycle: column k of A (one element per row) and row k of B (one element per
// column) are registered once at the array's edge and broadcast, a_i to every PE of row
// i and b_j to every PE of column j (no systolic skew). Each PE accumulates
// acc <= acc + a*b; `clear` travels with a tile's first beat and restarts every
// accumulator. The host reads all ROWS*COLS accumulators at once two cycles after a
// tile's last beat: there is no handshake, no tile overlap and no drain.
`default_nettype none
module ref_m2d_mac #(
  parameter integer ROWS = 16,
  parameter integer COLS = 16,
  parameter integer A_WIDTH = 8,
  parameter integer B_WIDTH = 8,
  parameter integer C_WIDTH = 28
) (
  input  wire                          clk,
  input  wire                          clear,
  input  wire [ROWS*A_WIDTH-1:0]       a_in,
  input  wire [COLS*B_WIDTH-1:0]       b_in,
  output wire [ROWS*COLS*C_WIDTH-1:0]  c_out
);
  reg [ROWS*A_WIDTH-1:0] a_q;
  reg [COLS*B_WIDTH-1:0] b_q;
  reg                    clear_q;
  always @(posedge clk) begin
    a_q     <= a_in;
    b_q     <= b_in;
    clear_q <= clear;
  end
  genvar i, j;
  generate
    for (i = 0; i < ROWS; i = i + 1) begin : row
      for (j = 0; j < COLS; j = j + 1) begin : col
        ref_m2d_pe #(.A_WIDTH(A_WIDTH), .B_WIDTH(B_WIDTH), .C_WIDTH(C_WIDTH)) pe (
          .clk     (clk),
          .clear_i (clear_q),
          .a_i     (a_q[i*A_WIDTH +: A_WIDTH]),
          .b_i     (b_q[j*B_WIDTH +: B_WIDTH]),
          .acc_o   (c_out[(i*COLS+j)*C_WIDTH +: C_WIDTH])
        );
      end
    end
  endgenerate
endmodule

module ref_m2d_pe #(
  parameter integer A_WIDTH = 8,
  parameter integer B_WIDTH = 8,
  parameter integer C_WIDTH = 28
) (
  input  wire                      clk,
  input  wire                      clear_i,
  input  wire signed [A_WIDTH-1:0] a_i,
  input  wire signed [B_WIDTH-1:0] b_i,
  output reg  signed [C_WIDTH-1:0] acc_o
);
  always @(posedge clk)
    // Both arms signed, so that a and b are sign-extended into the product.
    acc_o <= (clear_i ? $signed({C_WIDTH{1'b0}}) : acc_o) + a_i * b_i;
endmodule
