// SPDX-License-Identifier: GPL-3.0-or-later
pragma solidity ^0.8.24;

import {TestToken} from "examples/shared/contracts/TestToken.sol";

/// @title TinyPool
/// @notice A tiny constant-product pool (x · y = k, 0.3 % fee) between two tokens, for the
/// trading-vault example on a local chain. Liquidity is added once by its deployer and never
/// withdrawn; there are no LP shares, no oracle, no flash swaps. Not for production.
contract TinyPool {
    /// @notice `seed` after the pool was seeded, or by someone other than the deployer.
    error AlreadySeeded();
    /// @notice A swap of a token the pool does not hold.
    error UnknownToken(address token);
    /// @notice A swap with `amountIn == 0`, or one that would pay nothing.
    error ZeroAmount();
    /// @notice The output is below the caller's minimum (the price moved).
    error Slippage(uint256 amountOut, uint256 minOut);

    event Swap(address indexed sender, address indexed tokenIn, uint256 amountIn, uint256 amountOut, address indexed to);

    TestToken public immutable base;
    TestToken public immutable quote;
    address private immutable _deployer;
    uint256 public reserveBase;
    uint256 public reserveQuote;

    constructor(TestToken base_, TestToken quote_) {
        base = base_;
        quote = quote_;
        _deployer = msg.sender;
    }

    /// @notice Adds the initial liquidity (pulls both amounts from the deployer; once).
    function seed(uint256 amountBase, uint256 amountQuote) external {
        if (msg.sender != _deployer || reserveBase != 0 || reserveQuote != 0) revert AlreadySeeded();
        if (amountBase == 0 || amountQuote == 0) revert ZeroAmount();
        base.transferFrom(msg.sender, address(this), amountBase);
        quote.transferFrom(msg.sender, address(this), amountQuote);
        reserveBase = amountBase;
        reserveQuote = amountQuote;
    }

    /// @notice What `swap(tokenIn, amountIn, …)` would pay now.
    function quoteOut(address tokenIn, uint256 amountIn) public view returns (uint256) {
        (uint256 rIn, uint256 rOut) = _reserves(tokenIn);
        uint256 inWithFee = amountIn * 997;
        return (inWithFee * rOut) / (rIn * 1000 + inWithFee);
    }

    /// @notice The price of one base token in quote tokens, scaled by 1e18.
    function price() external view returns (uint256) {
        return (reserveQuote * 1e18) / reserveBase;
    }

    /// @notice Pulls `amountIn` of `tokenIn` from the caller and sends the other token to `to`.
    /// @return amountOut What `to` received (at least `minOut`).
    function swap(address tokenIn, uint256 amountIn, uint256 minOut, address to) external returns (uint256 amountOut) {
        if (amountIn == 0) revert ZeroAmount();
        amountOut = quoteOut(tokenIn, amountIn);
        if (amountOut == 0) revert ZeroAmount();
        if (amountOut < minOut) revert Slippage(amountOut, minOut);
        bool baseIn = tokenIn == address(base);
        if (baseIn) {
            reserveBase += amountIn;
            reserveQuote -= amountOut;
        } else {
            reserveQuote += amountIn;
            reserveBase -= amountOut;
        }
        TestToken(tokenIn).transferFrom(msg.sender, address(this), amountIn);
        (baseIn ? quote : base).transfer(to, amountOut);
        emit Swap(msg.sender, tokenIn, amountIn, amountOut, to);
    }

    function _reserves(address tokenIn) private view returns (uint256 rIn, uint256 rOut) {
        if (tokenIn == address(base)) return (reserveBase, reserveQuote);
        if (tokenIn == address(quote)) return (reserveQuote, reserveBase);
        revert UnknownToken(tokenIn);
    }
}
